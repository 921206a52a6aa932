/* txn.c - stage, journal, commit and rollback of one run's outputs. */
#include "output/txn.h"
#include "base/err.h"
#include "base/hash.h"
#include "base/stop.h"
#include "base/text.h"

#include <dirent.h>
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#define JOURNAL ".journal"
#define NEW_MANIFEST ".manifest"

static const char name_chars[] =
	"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-";

/* Whether rel is segments of name characters separated by '/', each of
 * which `ok` accepts. */
static int segments(const char *rel, int (*ok)(const char *seg, size_t len))
{
	for (const char *s = rel;;) {
		size_t len = strspn(s, name_chars);
		if (len == 0 || !ok(s, len))
			return 0;
		s += len;
		if (*s == '\0')
			return 1;
		if (*s != '/')
			return 0;
		s++;
	}
}

/* A name the program makes starts with a letter, a digit or '_'. */
static int made(const char *seg, size_t len)
{
	(void)len;
	return *seg != '.' && *seg != '-';
}

/* A path a journal may name also holds the stage's own names (".old-3"),
 * but never "." or "..", so undoing it cannot reach outside the directory. */
static int inside(const char *seg, size_t len)
{
	return !(len == 1 && seg[0] == '.') && !(len == 2 && seg[0] == '.' && seg[1] == '.');
}

int txn_valid_name(const char *rel)
{
	return segments(rel, made);
}

static int inside_name(const char *rel)
{
	return segments(rel, inside);
}

static int is_stage_name(const char *name)
{
	size_t p = strlen(TXN_STAGE_PREFIX);

	return strncmp(name, TXN_STAGE_PREFIX, p) == 0 && strlen(name) == p + 6 &&
	       strspn(name + p, name_chars) == 6;
}

static char *join(const char *dir, const char *name)
{
	size_t len = strlen(dir);

	return xasprintf("%s%s%s", dir, len && dir[len - 1] == '/' ? "" : "/", name);
}

static int exists(const char *path)
{
	struct stat st;
	return lstat(path, &st) == 0;
}

static int rm_one(const char *path, const struct stat *st, int flag, struct FTW *f)
{
	(void)st; (void)flag; (void)f;
	remove(path);
	return 0;
}

/* Removes a directory tree of ours, without following symbolic links. */
static void rm_tree(const char *path)
{
	nftw(path, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

/* mkdir -p of rel's parent directories under base. */
static int make_parents(const char *base, const char *rel)
{
	char *path = join(base, rel);
	size_t skip = strlen(path) - strlen(rel);

	if (!path)
		return ENOMEM;
	for (char *s = strchr(path + skip, '/'); s; s = strchr(s + 1, '/')) {
		*s = '\0';
		if (mkdir(path, 0777) != 0 && errno != EEXIST) {
			int e = errno;
			free(path);
			return e;
		}
		*s = '/';
	}
	free(path);
	return 0;
}

/* ---- the journal: moves, undone in reverse --------------------------- */

/* One step of a commit, with paths relative to the output directory: a
 * directory made, or a file renamed. */
struct op {
	char *from;   /* NULL for a directory made */
	char *to;
};

struct ops {
	struct op *v;
	size_t n, cap;
};

/* Appends a step; takes over `from` and `to` (either NULL: out of memory,
 * except `from` of a directory step). Returns 0 or ENOMEM. */
static int ops_push(struct ops *o, int is_move, char *from, char *to)
{
	struct op *v = NULL;

	if (to && (from || !is_move))
		v = grow(o->v, &o->cap, o->n + 1, sizeof *v);
	if (!v) {
		free(from);
		free(to);
		return ENOMEM;
	}
	o->v = v;
	o->v[o->n++] = (struct op){ from, to };
	return 0;
}

static int ops_move(struct ops *o, char *from, char *to)
{
	return ops_push(o, 1, from, to);
}

static int ops_mkdir(struct ops *o, char *dir)
{
	return ops_push(o, 0, NULL, dir);
}

static void ops_free(struct ops *o)
{
	for (size_t i = 0; i < o->n; i++) {
		free(o->v[i].from);
		free(o->v[i].to);
	}
	free(o->v);
	memset(o, 0, sizeof *o);
}

/*
 * Undoes every move of `o` that was made, last first: a move is made when
 * its source is gone and its target is there (every source existed and no
 * target did before the commit started, and rename is atomic). Directories
 * it made are removed when empty. Used both to roll back a failed commit
 * and to repair the commit of a killed run. Returns the number of moves
 * that could not be undone.
 */
static int undo(const char *dir, const struct ops *o)
{
	int failed = 0;

	for (size_t i = o->n; i-- > 0;) {
		char *to = join(dir, o->v[i].to);
		char *from = o->v[i].from ? join(dir, o->v[i].from) : NULL;
		if (!to || (o->v[i].from && !from))
			failed++;
		else if (!from)
			rmdir(to);
		else if (!exists(from) && exists(to) && rename(to, from) != 0)
			failed++;
		free(to);
		free(from);
	}
	return failed;
}

static int write_journal(const char *path, const struct ops *o)
{
	FILE *fp = fopen(path, "we");

	if (!fp)
		return errno;
	for (size_t i = 0; i < o->n; i++) {
		if (o->v[i].from)
			fprintf(fp, "move %s %s\n", o->v[i].from, o->v[i].to);
		else
			fprintf(fp, "mkdir %s\n", o->v[i].to);
	}
	int e = ferror(fp) ? EIO : 0;
	if (fclose(fp) != 0 && !e)
		e = errno;
	return e;
}

/* Reads a journal back; lines that are not ours are skipped, so a damaged
 * journal can only undo less, never touch anything outside the directory. */
static void read_journal(const char *path, struct ops *o)
{
	FILE *fp = fopen(path, "re");
	char *line = NULL;
	size_t cap = 0;

	if (!fp)
		return;
	while (getline(&line, &cap, fp) > 0) {
		line[strcspn(line, "\n")] = '\0';
		char *sp = strchr(line, ' ');
		if (!sp)
			continue;
		*sp = '\0';
		char *a = sp + 1, *b = strchr(a, ' ');
		if (!strcmp(line, "mkdir") && !b && inside_name(a)) {
			ops_mkdir(o, strdup(a));
		} else if (!strcmp(line, "move") && b) {
			*b++ = '\0';
			if (inside_name(a) && inside_name(b))
				ops_move(o, strdup(a), strdup(b));
		}
	}
	free(line);
	fclose(fp);
}

/* Repairs and removes the stages that killed runs left in the directory
 * (we hold the lock, so no live run owns one). */
static void recover(const char *dir)
{
	DIR *d = opendir(dir);
	char **stale = NULL;
	size_t n = 0, cap = 0;
	struct dirent *e;

	if (!d)
		return;
	while ((e = readdir(d))) {
		char **v;
		if (!is_stage_name(e->d_name) || !(v = grow(stale, &cap, n + 1, sizeof *v)))
			continue;
		stale = v;
		if ((stale[n] = strdup(e->d_name)))
			n++;
	}
	closedir(d);
	for (size_t i = 0; i < n; i++) {
		char *stage = join(dir, stale[i]);
		char *journal = stage ? join(stage, JOURNAL) : NULL;
		if (journal && exists(journal)) {
			struct ops o = { 0 };
			read_journal(journal, &o);
			undo(dir, &o);
			ops_free(&o);
		}
		if (stage)
			rm_tree(stage);
		free(journal);
		free(stage);
		free(stale[i]);
	}
	free(stale);
}

/* ---- the manifest ----------------------------------------------------- */

static int note_name_ok(const char *name, size_t len)
{
	if (len == 0 || len > 32)
		return 0;
	for (size_t i = 0; i < len; i++)
		if (!isalnum((unsigned char)name[i]) && name[i] != '_')
			return 0;
	return 1;
}

static int note_value_ok(const char *v)
{
	for (; *v; v++)
		if ((unsigned char)*v < 0x20 || *v == 0x7f)
			return 0;
	return 1;
}

/* "NAME VALUE" of a manifest line "note NAME VALUE"; a malformed one is
 * skipped. */
static void read_note(struct txn *t, const char *text)
{
	size_t len = strcspn(text, " ");
	size_t cap = t->n_old_notes;
	struct txn_note *v;

	if (!text[len] || !note_name_ok(text, len) || !note_value_ok(text + len + 1))
		return;
	if (!(v = grow(t->old_notes, &cap, t->n_old_notes + 1, sizeof *v)))
		return;
	t->old_notes = v;
	char *name = strndup(text, len), *value = strdup(text + len + 1);
	if (!name || !value) {
		free(name);
		free(value);
		return;
	}
	t->old_notes[t->n_old_notes++] = (struct txn_note){ name, value };
}

/* Reads <dir>/.neuron-manifest: "file SIZE FINGERPRINT RECIPE NAME" lines.
 * Anything else is skipped: an unreadable entry only means a file that is
 * not removed as stale. */
static void read_manifest(struct txn *t)
{
	char *path = join(t->abs, TXN_MANIFEST);
	FILE *fp = path ? fopen(path, "re") : NULL;
	char *line = NULL;
	size_t cap = 0, ocap = 0;

	free(path);
	if (!fp)
		return;
	while (getline(&line, &cap, fp) > 0) {
		uint64_t size, fp64, recipe;
		int at = 0;
		line[strcspn(line, "\n")] = '\0';
		if (!strncmp(line, "note ", 5)) {
			read_note(t, line + 5);
			continue;
		}
		if (sscanf(line, "file %" SCNu64 " %" SCNx64 " %" SCNx64 " %n",
		           &size, &fp64, &recipe, &at) != 3 || at == 0 ||
		    !txn_valid_name(line + at))
			continue;
		struct txn_entry *v = grow(t->old, &ocap, t->n_old + 1, sizeof *v);
		char *rel = strdup(line + at);
		if (!v || !rel) {
			free(rel);
			if (v)
				t->old = v;
			break;
		}
		t->old = v;
		t->old[t->n_old++] = (struct txn_entry){ rel, size, fp64, recipe };
	}
	free(line);
	fclose(fp);
}

const struct txn_entry *txn_previous(const struct txn *t, const char *rel)
{
	for (size_t i = 0; i < t->n_old; i++)
		if (!strcmp(t->old[i].rel, rel))
			return &t->old[i];
	return NULL;
}

const char *txn_previous_note(const struct txn *t, const char *name)
{
	for (size_t i = 0; i < t->n_old_notes; i++)
		if (!strcmp(t->old_notes[i].name, name))
			return t->old_notes[i].value;
	return NULL;
}

int txn_note(struct txn *t, const char *name, const char *value)
{
	if (!note_name_ok(name, strlen(name)) || !note_value_ok(value))
		return nr_error(NR_EBUG, "internal error: manifest note '%s'", name);
	size_t cap = t->n_notes;
	struct txn_note *v = grow(t->notes, &cap, t->n_notes + 1, sizeof *v);
	char *n = v ? strdup(name) : NULL, *val = n ? strdup(value) : NULL;
	if (v)
		t->notes = v;
	if (!val) {
		free(n);
		return nr_oom();
	}
	t->notes[t->n_notes++] = (struct txn_note){ n, val };
	return NR_OK;
}

static struct txn_file *find(const struct txn *t, const char *rel)
{
	for (size_t i = 0; i < t->n; i++)
		if (!strcmp(t->files[i].rel, rel))
			return &t->files[i];
	return NULL;
}

/* Whether the file at path still has the size and fingerprint recorded. */
static int unchanged(const char *path, uint64_t size, uint64_t fingerprint)
{
	struct stat st;
	struct hash h;
	uint64_t got;

	if (lstat(path, &st) != 0 || !S_ISREG(st.st_mode) || (uint64_t)st.st_size != size)
		return 0;
	hash_init(&h);
	return hash_file(&h, path, &got) == 0 && got == size && hash_final(&h) == fingerprint;
}

static int cmp_rel(const void *a, const void *b)
{
	return strcmp(((const struct txn_entry *)a)->rel, ((const struct txn_entry *)b)->rel);
}

/* The new manifest into `path`: this run's files, and with TXN_KEEP the
 * previous run's that stay, sorted by name. Returns 0 or an errno value. */
static int write_manifest(const struct txn *t, const char *path)
{
	struct txn_entry *e = calloc(t->n + t->n_old + 1, sizeof *e);
	size_t n = 0;

	if (!e)
		return ENOMEM;
	for (size_t i = 0; i < t->n; i++)
		e[n++] = (struct txn_entry){ t->files[i].rel, t->files[i].size,
		                             t->files[i].fingerprint, t->files[i].recipe };
	for (size_t i = 0; t->mode == TXN_KEEP && i < t->n_old; i++) {
		char *p = find(t, t->old[i].rel) ? NULL : join(t->abs, t->old[i].rel);
		if (p && unchanged(p, t->old[i].size, t->old[i].fingerprint))
			e[n++] = t->old[i];
		free(p);
	}
	qsort(e, n, sizeof *e, cmp_rel);

	FILE *fp = fopen(path, "we");
	if (!fp) {
		free(e);
		return errno;
	}
	fputs("# neuron: the files the last run wrote here (size, fingerprint, recipe, name)\n", fp);
	for (size_t i = 0; i < t->n_notes; i++)
		fprintf(fp, "note %s %s\n", t->notes[i].name, t->notes[i].value);
	for (size_t i = 0; i < n; i++)
		fprintf(fp, "file %" PRIu64 " %016" PRIx64 " %016" PRIx64 " %s\n",
		        e[i].size, e[i].fingerprint, e[i].recipe, e[i].rel);
	free(e);
	int err = ferror(fp) ? EIO : 0;
	if (fclose(fp) != 0 && !err)
		err = errno;
	return err;
}

/* ---- the lock --------------------------------------------------------- */

static long holder_pid(int fd)
{
	char buf[32];
	ssize_t n = pread(fd, buf, sizeof buf - 1, 0);

	if (n <= 0)
		return 0;
	buf[n] = '\0';
	return strtol(buf, NULL, 10);
}

/* A failure on the lock file: its path, as messages show it, and errno. */
static int lock_error(const char *what, const char *path, const char *fix)
{
	int e = errno;
	char *shown = text_shown_path(path);
	int st = shown ? nr_error(NR_EIO, "cannot %s '%s': %s%s", what, shown, strerror(e), fix)
	               : nr_oom();

	free(shown);
	return st;
}

/* How often a run that waits for another one asks for the lock again. */
#define LOCK_POLL_MS 50

static int lock_dir(struct txn *t, int no_wait)
{
	char *path = join(t->abs, TXN_LOCK);
	int fd = path ? open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0666) : -1;
	int st = NR_OK;

	if (!path)
		return nr_oom();
	if (fd < 0) {
		st = lock_error("create the lock file", path, " (is the directory writable?)");
		goto done;
	}
	if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
		if (errno != EWOULDBLOCK) {
			st = lock_error("lock", path, "");
			goto done;
		}
		long pid = holder_pid(fd);
		if (no_wait) {
			st = nr_error(NR_EBUSY, "'%s' is in use by another neuron run (pid %ld): wait for it to finish, or leave out --no-wait to wait",
			              t->dir, pid);
			goto done;
		}
		fprintf(stderr, "neuron: waiting for the other run (pid %ld) that writes into '%s'\n",
		        pid, t->dir);
		/* Asked every LOCK_POLL_MS: a blocking flock() would not end for
		 * a stop signal that came just before it (stop.h). */
		while (flock(fd, LOCK_EX | LOCK_NB) != 0) {
			if (errno != EWOULDBLOCK && errno != EINTR) {
				st = lock_error("lock", path, "");
				goto done;
			}
			if (stop_sleep(LOCK_POLL_MS, t->stop)) {
				st = NR_EINTR;
				goto done;
			}
		}
	}
	char pid[32];
	int len = snprintf(pid, sizeof pid, "%ld\n", (long)getpid());
	if (ftruncate(fd, 0) != 0 || pwrite(fd, pid, (size_t)len, 0) != len) {
		/* Only the message of a waiting run depends on it. */
	}
	t->lock_fd = fd;
	fd = -1;
done:
	if (fd >= 0)
		close(fd);
	free(path);
	return st;
}

/* ---- begin, files, end ------------------------------------------------ */

int ensure_dir(const char *dir, const char *what)
{
	char *shown = text_shown_path(dir);
	struct stat sb;
	int st = NR_OK;

	if (!shown)
		return nr_oom();
	if (mkdir(dir, 0777) != 0 && errno != EEXIST)
		st = nr_error(NR_EIO, "%s '%s': cannot create directory: %s (create its parent or choose another %s)",
		              what, shown, strerror(errno), what);
	else if (stat(dir, &sb) != 0)
		st = nr_error(NR_EIO, "%s '%s': %s", what, shown, strerror(errno));
	else if (!S_ISDIR(sb.st_mode))
		st = nr_error(NR_EIO, "%s '%s' is not a directory: choose a directory path", what, shown);
	else if (access(dir, W_OK | X_OK) != 0)
		st = nr_error(NR_EIO, "%s '%s' is not writable: %s (choose a writable directory)",
		              what, shown, strerror(errno));
	free(shown);
	return st;
}

int txn_begin(struct txn *t, const char *dir, const struct txn_options *o)
{
	int st;

	memset(t, 0, sizeof *t);
	t->lock_fd = -1;
	t->mode = o->mode;
	t->stop = o->stop;
	if ((st = ensure_dir(dir, "--out")))
		return st;
	if (!(t->dir = text_shown_path(dir)) || !(t->abs = realpath(dir, NULL))) {
		st = errno == ENOMEM || !t->dir ? nr_oom()
		     : nr_error(NR_EIO, "--out '%s': %s", t->dir, strerror(errno));
		goto fail;
	}
	if ((st = lock_dir(t, o->no_wait)))
		goto fail;
	recover(t->abs);
	read_manifest(t);
	if (!(t->stage = xasprintf("%s/%sXXXXXX", t->abs, TXN_STAGE_PREFIX))) {
		st = nr_oom();
		goto fail;
	}
	if (!mkdtemp(t->stage)) {
		st = nr_error(NR_EIO, "cannot create a directory in '%s': %s", t->dir, strerror(errno));
		free(t->stage);
		t->stage = NULL;
		goto fail;
	}
	return NR_OK;
fail:
	txn_end(t);
	return st;
}

const char *txn_stage(const struct txn *t)
{
	return t->stage;
}

static int add_file(struct txn *t, const char *rel, struct txn_file **out)
{
	if (!txn_valid_name(rel) || find(t, rel))
		return nr_error(NR_EBUG, "internal error: output name '%s' is not valid or not new", rel);
	struct txn_file *v = grow(t->files, &t->cap, t->n + 1, sizeof *v);
	if (!v)
		return nr_oom();
	t->files = v;
	struct txn_file *f = &t->files[t->n];
	memset(f, 0, sizeof *f);
	if (!(f->rel = strdup(rel)))
		return nr_oom();
	int e = make_parents(t->stage, rel);
	if (e) {
		free(f->rel);
		return nr_error(NR_EIO, "cannot create a directory in '%s': %s", t->dir, strerror(e));
	}
	t->n++;
	*out = f;
	return NR_OK;
}

int txn_open(struct txn *t, const char *rel, FILE **fp)
{
	struct txn_file *f;
	int st = add_file(t, rel, &f);

	if (st)
		return st;
	char *path = join(t->stage, rel);
	if (!path)
		return nr_oom();
	f->fp = fopen(path, "we");
	free(path);
	if (!f->fp)
		return nr_error(NR_EIO, "cannot write '%s/%s': %s", t->dir, rel, strerror(errno));
	/* Outputs are written whole and are often large (a trace is a
	 * megabyte): 64 KB per write, not stdio's 4 KB. */
	setvbuf(f->fp, NULL, _IOFBF, 1 << 16);
	*fp = f->fp;
	return NR_OK;
}

int txn_copy(struct txn *t, const char *from, const char *to)
{
	struct txn_file *src = find(t, from);
	char *path = src ? join(t->stage, from) : NULL;
	FILE *in = path ? fopen(path, "re") : NULL, *out;
	char buf[1 << 16];
	size_t n;
	int st;

	free(path);
	if (!src || src->fp || src->by_other) {
		if (in)
			fclose(in);
		return nr_error(NR_EBUG, "internal error: copying '%s', which is not a finished output", from);
	}
	if (!in)
		return nr_error(NR_EIO, "cannot read '%s/%s' back: %s", t->dir, from, strerror(errno));
	if ((st = txn_open(t, to, &out))) {
		fclose(in);
		return st;
	}
	while ((n = fread(buf, 1, sizeof buf, in)) > 0)
		fwrite(buf, 1, n, out);
	int bad = ferror(in);
	fclose(in);
	if (bad)
		return nr_error(NR_EIO, "cannot read '%s/%s' back", t->dir, from);
	return txn_close(t, out);
}

int txn_reserve(struct txn *t, const char *rel)
{
	struct txn_file *f;
	int st = add_file(t, rel, &f);

	if (!st)
		f->by_other = 1;
	return st;
}

void txn_set_recipe(struct txn *t, const char *rel, uint64_t recipe)
{
	struct txn_file *f = find(t, rel);

	if (f)
		f->recipe = recipe;
}

int txn_reuse(struct txn *t, const char *rel, uint64_t recipe)
{
	const struct txn_entry *e = txn_previous(t, rel);
	struct txn_file *f = find(t, rel);
	int reused = 0;

	if (!f)
		return 0;
	f->recipe = recipe;
	if (e && e->recipe == recipe) {
		char *old = join(t->abs, rel), *now = join(t->stage, rel);
		/* A hard link: the stage is inside the directory, so no copy. */
		reused = old && now && unchanged(old, e->size, e->fingerprint) && link(old, now) == 0;
		free(old);
		free(now);
	}
	return reused;
}

int txn_all_intact(const struct txn *t)
{
	for (size_t i = 0; i < t->n_old; i++) {
		char *p = join(t->abs, t->old[i].rel);
		int ok = p && unchanged(p, t->old[i].size, t->old[i].fingerprint);
		free(p);
		if (!ok)
			return 0;
	}
	return t->n_old > 0;
}

/* Flushes and closes f's stream; records and returns an errno value. */
static int finish(struct txn_file *f)
{
	if (f->fp) {
		errno = 0;
		if ((fflush(f->fp) != 0 || ferror(f->fp)) && !f->err)
			f->err = errno ? errno : EIO;
		if (fclose(f->fp) != 0 && !f->err)
			f->err = errno;
		f->fp = NULL;
	}
	return f->err;
}

static int write_error(const struct txn *t, const struct txn_file *f)
{
	return nr_error(NR_EIO, "cannot write '%s/%s': %s (free some space, or choose another --out)",
	                t->dir, f->rel, strerror(f->err));
}

int txn_close(struct txn *t, FILE *fp)
{
	for (size_t i = 0; i < t->n; i++)
		if (t->files[i].fp == fp)
			return finish(&t->files[i]) ? write_error(t, &t->files[i]) : NR_OK;
	return nr_error(NR_EBUG, "internal error: closing a stream the output set does not own");
}

void txn_drop(struct txn *t, FILE *fp)
{
	for (size_t i = 0; i < t->n; i++)
		if (t->files[i].fp == fp) {
			finish(&t->files[i]);
			if (!t->files[i].err)
				t->files[i].err = ECANCELED;
		}
}

/* ---- commit ----------------------------------------------------------- */

/* Closes every output and takes its size and fingerprint. */
static int check_files(struct txn *t)
{
	for (size_t i = 0; i < t->n; i++)
		if (finish(&t->files[i]))
			return write_error(t, &t->files[i]);
	for (size_t i = 0; i < t->n; i++) {
		struct txn_file *f = &t->files[i];
		char *path = join(t->stage, f->rel);
		struct hash h;
		int e;
		if (!path)
			return nr_oom();
		hash_init(&h);
		e = hash_file(&h, path, &f->size);
		free(path);
		if (e == ENOENT || (!e && f->size == 0))
			return nr_error(NR_EIO, "cannot write '%s/%s': %s", t->dir, f->rel,
			                e ? "it was not written" : "nothing was written");
		if (e)
			return nr_error(NR_EIO, "cannot read back '%s/%s': %s", t->dir, f->rel, strerror(e));
		f->fingerprint = hash_final(&h);
	}
	return NR_OK;
}

/* The stage's own name inside the directory, e.g. ".neuron-stage-a1B2c3". */
static const char *stage_name(const struct txn *t)
{
	return strrchr(t->stage, '/') + 1;
}

/* Whether `o` already makes the directory `sub`. */
static int planned_dir(const struct ops *o, const char *sub)
{
	for (size_t i = 0; i < o->n; i++)
		if (!o->v[i].from && !strcmp(o->v[i].to, sub))
			return 1;
	return 0;
}

/* Plans the directories that rel needs in the output directory. */
static int plan_parents(const struct txn *t, const char *rel, struct ops *o)
{
	for (const char *s = strchr(rel, '/'); s; s = strchr(s + 1, '/')) {
		char *sub = strndup(rel, (size_t)(s - rel));
		char *path = sub ? join(t->abs, sub) : NULL;
		struct stat st;
		int st_ok = path && lstat(path, &st) == 0;
		int e = 0;

		if (!path)
			e = nr_oom();
		else if (st_ok && !S_ISDIR(st.st_mode))
			e = nr_error(NR_EIO, "cannot write '%s/%s': '%s/%s' is not a directory (remove it, or choose another --out)",
			             t->dir, rel, t->dir, sub);
		else if (!st_ok && !planned_dir(o, sub)) {
			e = ops_mkdir(o, sub) ? nr_oom() : NR_OK;
			sub = NULL;   /* the plan owns it now */
		}
		free(sub);
		free(path);
		if (e)
			return e;
	}
	return NR_OK;
}

/* Plans every move of the commit (see txn.h); the set of stale files'
 * directories goes to `dirs` for removal when they end up empty. */
static int plan(const struct txn *t, struct ops *o, struct ops *dirs)
{
	const char *stage = stage_name(t);
	int st;

	for (size_t i = 0; i < t->n; i++) {
		const char *rel = t->files[i].rel;
		char *path = join(t->abs, rel);
		struct stat sb;
		if (!path)
			return nr_oom();
		int had = lstat(path, &sb) == 0;
		free(path);
		if (had && S_ISDIR(sb.st_mode))
			return nr_error(NR_EIO, "cannot write '%s/%s': a directory has that name (remove it, or choose another --out)",
			                t->dir, rel);
		if ((st = plan_parents(t, rel, o)))
			return st;
		if ((had && ops_move(o, strdup(rel), xasprintf("%s/.old-%zu", stage, i))) ||
		    ops_move(o, xasprintf("%s/%s", stage, rel), strdup(rel)))
			return nr_oom();
	}
	for (size_t j = 0; t->mode == TXN_REPLACE && j < t->n_old; j++) {
		const struct txn_entry *e = &t->old[j];
		char *path = find(t, e->rel) ? NULL : join(t->abs, e->rel);
		int stale = path && unchanged(path, e->size, e->fingerprint);
		free(path);
		if (stale && (ops_move(o, strdup(e->rel), xasprintf("%s/.stale-%zu", stage, j)) ||
		              ops_mkdir(dirs, strdup(e->rel))))
			return nr_oom();
	}
	char *manifest = join(t->abs, TXN_MANIFEST);
	int had = manifest && exists(manifest);
	free(manifest);
	if (!manifest ||
	    (had && ops_move(o, strdup(TXN_MANIFEST), xasprintf("%s/.old-manifest", stage))) ||
	    ops_move(o, xasprintf("%s/%s", stage, NEW_MANIFEST), strdup(TXN_MANIFEST)))
		return nr_oom();
	return NR_OK;
}

/* Removes the directories that held stale files, deepest first, when they
 * are empty (rmdir fails otherwise, so nothing of the user's is lost). */
static void remove_empty_dirs(const struct txn *t, const struct ops *dirs)
{
	for (size_t i = 0; i < dirs->n; i++) {
		char *path = join(t->abs, dirs->v[i].to);
		for (char *s; path && (s = strrchr(path, '/')) && strlen(path) > strlen(t->abs);) {
			*s = '\0';
			if (strlen(path) <= strlen(t->abs) || rmdir(path) != 0)
				break;
		}
		free(path);
	}
}

int txn_commit(struct txn *t)
{
	struct ops o = { 0 }, dirs = { 0 };
	char *journal = NULL, *manifest = NULL;
	sigset_t block, old;
	int st, e;

	if (!t->stage)
		return nr_error(NR_EBUG, "internal error: commit without a stage");
	if ((st = check_files(t)) || (st = plan(t, &o, &dirs)))
		goto done;
	if (!(journal = join(t->stage, JOURNAL)) || !(manifest = join(t->stage, NEW_MANIFEST))) {
		st = nr_oom();
		goto done;
	}
	if ((e = write_manifest(t, manifest)) || (e = write_journal(journal, &o))) {
		st = nr_error(NR_EIO, "cannot write into '%s': %s (free some space)", t->dir, strerror(e));
		goto done;
	}

	/* The moves: signals wait until they are all made, or all undone. */
	int keep_stage = 0;
	sigemptyset(&block);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGHUP);
	sigprocmask(SIG_BLOCK, &block, &old);
	for (size_t i = 0; i < o.n && !st; i++) {
		char *to = join(t->abs, o.v[i].to);
		char *from = o.v[i].from ? join(t->abs, o.v[i].from) : NULL;
		if (!to || (o.v[i].from && !from)) {
			e = ENOMEM;
		} else {
			errno = 0;
			e = (from ? rename(from, to) : mkdir(to, 0777)) != 0 ? errno : 0;
		}
		if (e) {
			/* Undo, leaving the journal for the next run if some move
			 * cannot be undone now: it holds the previous files. */
			keep_stage = undo(t->abs, &o) > 0;
			st = nr_error(NR_EIO, "cannot %s '%s/%s': %s; %s", from ? "move into place" : "create",
			              t->dir, o.v[i].to, strerror(e),
			              keep_stage ? "some previous outputs could not be put back yet (the next run will)"
			                         : "the previous outputs were put back as they were");
		}
		free(to);
		free(from);
	}
	if (!st)
		unlink(journal);   /* from here on the commit stands */
	sigprocmask(SIG_SETMASK, &old, NULL);
	if (!keep_stage) {
		rm_tree(t->stage);
		free(t->stage);
		t->stage = NULL;
	}
	if (!st)
		remove_empty_dirs(t, &dirs);
done:
	ops_free(&o);
	ops_free(&dirs);
	free(journal);
	free(manifest);
	return st;
}

void txn_end(struct txn *t)
{
	for (size_t i = 0; i < t->n; i++) {
		if (t->files[i].fp)
			fclose(t->files[i].fp);
		free(t->files[i].rel);
	}
	if (t->stage)
		rm_tree(t->stage);
	for (size_t i = 0; i < t->n_old; i++)
		free(t->old[i].rel);
	for (size_t i = 0; i < t->n_notes; i++) {
		free(t->notes[i].name);
		free(t->notes[i].value);
	}
	for (size_t i = 0; i < t->n_old_notes; i++) {
		free(t->old_notes[i].name);
		free(t->old_notes[i].value);
	}
	free(t->notes);
	free(t->old_notes);
	if (t->lock_fd >= 0)
		close(t->lock_fd);
	free(t->files);
	free(t->old);
	free(t->stage);
	free(t->abs);
	free(t->dir);
	memset(t, 0, sizeof *t);
	t->lock_fd = -1;
}
