/*
 * test_txn.c - one invocation's outputs appear together or not at all:
 * nothing is visible before the commit, a failed or abandoned transaction
 * leaves every previous file byte-identical and no temporary behind, a
 * commit that fails halfway puts back what it replaced, a killed run is
 * repaired from its journal, stale files of the previous run go (and only
 * they), and a second run on the same directory waits or is refused.
 */
#include <CUnit/CUnit.h>
#include <errno.h>
#include <grp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "base/err.h"
#include "base/hash.h"
#include "helpers.h"
#include "model/rng.h"
#include "output/txn.h"
#include "suites.h"

static const struct txn_options replace = { TXN_REPLACE, 1, NULL };
static const struct txn_options keep = { TXN_KEEP, 1, NULL };

/* Writes `text` as the output `rel` of t. */
static void put(struct txn *t, const char *rel, const char *text)
{
	FILE *fp;

	CU_ASSERT_EQUAL_FATAL(txn_open(t, rel, &fp), NR_OK);
	fputs(text, fp);
}

static int has(const char *dir, const char *rel, const char *text)
{
	char *p = path_join(dir, rel);
	char *got = slurp(p, NULL);
	int ok = got && !strcmp(got, text);

	free(got);
	free(p);
	return ok;
}

static int in_dir(const char *dir, const char *rel)
{
	char *p = path_join(dir, rel);
	int there = file_exists(p);

	free(p);
	return there;
}

/* Names in dir that the program uses for its own bookkeeping, other than
 * the lock and the manifest: a stage left behind. */
static int stages(const char *dir)
{
	char *cmd = xasprintf("test -z \"$(find '%s' -name '.neuron-stage-*')\"", dir);
	int left = system(cmd) != 0;

	free(cmd);
	return left;
}

static void test_nothing_is_visible_before_the_commit_and_all_after(void)
{
	char *dir = tmpdir_new();
	struct txn t;

	CU_ASSERT_EQUAL_FATAL(txn_begin(&t, dir, &replace), NR_OK);
	put(&t, "a.txt", "A");
	put(&t, "runs/lr-1/b.txt", "B");
	CU_ASSERT_EQUAL(dir_entries(dir), 2);   /* the lock and the stage */
	CU_ASSERT_FALSE(has(dir, "a.txt", "A"));
	CU_ASSERT_EQUAL(txn_commit(&t), NR_OK);
	txn_end(&t);
	CU_ASSERT(has(dir, "a.txt", "A"));
	CU_ASSERT(has(dir, "runs/lr-1/b.txt", "B"));
	CU_ASSERT_FALSE(stages(dir));

	/* The manifest lists both with their sizes and fingerprints. */
	char *m = path_join(dir, TXN_MANIFEST), *text = slurp(m, NULL);
	struct hash h;
	hash_init(&h);
	hash_bytes(&h, "A", 1);
	char *line = xasprintf("file 1 %016llx 0000000000000000 a.txt\n",
	                       (unsigned long long)hash_final(&h));
	CU_ASSERT(text && strstr(text, line));
	CU_ASSERT(text && strstr(text, " runs/lr-1/b.txt\n"));
	free(line);
	free(text);
	free(m);
	rm_rf(dir);
	free(dir);
}

static void test_an_abandoned_transaction_changes_nothing(void)
{
	char *dir = tmpdir_new(), *a = path_join(dir, "a.txt");
	struct txn t;

	write_file(a, "old");
	CU_ASSERT_EQUAL_FATAL(txn_begin(&t, dir, &replace), NR_OK);
	put(&t, "a.txt", "new");
	put(&t, "b.txt", "new");
	txn_end(&t);
	CU_ASSERT(has(dir, "a.txt", "old"));
	CU_ASSERT_FALSE(in_dir(dir, "b.txt"));
	CU_ASSERT_FALSE(stages(dir));
	free(a);
	rm_rf(dir);
	free(dir);
}

static void test_an_output_nobody_wrote_or_a_write_error_fails_the_commit(void)
{
	char *dir = tmpdir_new(), *a = path_join(dir, "a.txt");
	struct txn t;
	FILE *fp;

	write_file(a, "old");
	CU_ASSERT_EQUAL_FATAL(txn_begin(&t, dir, &replace), NR_OK);
	put(&t, "a.txt", "new");
	CU_ASSERT_EQUAL(txn_reserve(&t, "fig.png"), NR_OK);   /* never written */
	struct capture cap;
	capture_begin(&cap);
	CU_ASSERT_EQUAL(txn_commit(&t), NR_EIO);
	char *said = capture_end(&cap);
	CU_ASSERT(said && strstr(said, "fig.png") && count_lines(said) == 1);
	free(said);
	txn_end(&t);
	CU_ASSERT(has(dir, "a.txt", "old"));
	CU_ASSERT_FALSE(stages(dir));

	/* A stream whose flush fails (ENOSPC on /dev/full). */
	CU_ASSERT_EQUAL_FATAL(txn_begin(&t, dir, &replace), NR_OK);
	CU_ASSERT_EQUAL_FATAL(txn_open(&t, "a.txt", &fp), NR_OK);
	CU_ASSERT_PTR_NOT_NULL_FATAL(freopen("/dev/full", "w", fp));
	fputs("data that cannot be written", fp);
	capture_begin(&cap);
	CU_ASSERT_EQUAL(txn_commit(&t), NR_EIO);
	said = capture_end(&cap);
	CU_ASSERT(said && strstr(said, "No space left on device") && count_lines(said) == 1);
	free(said);
	txn_end(&t);
	CU_ASSERT(has(dir, "a.txt", "old"));
	free(a);
	rm_rf(dir);
	free(dir);
}

static void test_a_directory_in_the_way_fails_before_anything_moves(void)
{
	char *dir = tmpdir_new(), *a = path_join(dir, "a.txt"), *b = path_join(dir, "b.txt");
	struct txn t;

	write_file(a, "old");
	CU_ASSERT_EQUAL_FATAL(mkdir(b, 0777), 0);
	CU_ASSERT_EQUAL_FATAL(txn_begin(&t, dir, &replace), NR_OK);
	put(&t, "a.txt", "new");
	put(&t, "b.txt", "new");
	struct capture cap;
	capture_begin(&cap);
	CU_ASSERT_EQUAL(txn_commit(&t), NR_EIO);
	char *said = capture_end(&cap);
	CU_ASSERT(said && strstr(said, "a directory has that name"));
	free(said);
	txn_end(&t);
	CU_ASSERT(has(dir, "a.txt", "old"));
	CU_ASSERT_FALSE(stages(dir));
	free(a);
	free(b);
	rm_rf(dir);
	free(dir);
}

/*
 * A move that fails halfway: as an unprivileged user (root ignores
 * permissions), an old file in a read-only subdirectory cannot be moved
 * aside after a.txt was already replaced. The child reports through its
 * exit status; the parent checks that a.txt was put back.
 */
static void test_a_commit_that_fails_halfway_puts_back_what_it_replaced(void)
{
	char *dir = tmpdir_new(), *a = path_join(dir, "a.txt"), *sub = path_join(dir, "sub");
	char *b = path_join(sub, "b.txt");

	write_file(a, "old a");
	CU_ASSERT_EQUAL_FATAL(mkdir(sub, 0777), 0);
	write_file(b, "old b");
	if (geteuid() == 0) {
		CU_ASSERT_EQUAL_FATAL(chown(dir, 65534, 65534), 0);
		CU_ASSERT_EQUAL_FATAL(chown(a, 65534, 65534), 0);
		CU_ASSERT_EQUAL_FATAL(chown(sub, 65534, 65534), 0);
		CU_ASSERT_EQUAL_FATAL(chown(b, 65534, 65534), 0);
	}
	CU_ASSERT_EQUAL_FATAL(chmod(sub, 0555), 0);
	fflush(NULL);
	pid_t pid = fork();
	CU_ASSERT_FATAL(pid >= 0);
	if (pid == 0) {
		struct txn t;
		FILE *fp;
		freopen("/dev/null", "w", stderr);
		if (geteuid() == 0 && (setgroups(0, NULL) || setgid(65534) || setuid(65534)))
			_exit(10);
		if (txn_begin(&t, dir, &replace))
			_exit(11);
		if (txn_open(&t, "a.txt", &fp) || fputs("new a", fp) < 0 ||
		    txn_open(&t, "sub/b.txt", &fp) || fputs("new b", fp) < 0)
			_exit(12);
		int st = txn_commit(&t);
		txn_end(&t);
		_exit(st == NR_EIO ? 0 : 13);
	}
	int status;
	waitpid(pid, &status, 0);
	chmod(sub, 0755);
	CU_ASSERT(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	CU_ASSERT(has(dir, "a.txt", "old a"));
	CU_ASSERT(has(dir, "sub/b.txt", "old b"));
	CU_ASSERT_FALSE(stages(dir));
	free(a);
	free(b);
	free(sub);
	rm_rf(dir);
	free(dir);
}

/*
 * What a run killed in the middle of its commit leaves: a stage with its
 * journal, a.txt already replaced (the old one aside in the stage), b.txt
 * not yet. The next transaction on the directory puts the old a.txt back
 * and removes the stage; files of the user are not touched.
 */
static void test_the_next_run_repairs_a_commit_that_was_killed(void)
{
	char *dir = tmpdir_new();
	char *stage = path_join(dir, ".neuron-stage-Ab12Cd");
	char *journal = path_join(stage, ".journal");
	char *old = path_join(stage, ".old-0"), *newb = path_join(stage, "b.txt");
	char *a = path_join(dir, "a.txt"), *b = path_join(dir, "b.txt");
	char *mine = path_join(dir, "notes.txt");
	struct txn t;

	CU_ASSERT_EQUAL_FATAL(mkdir(stage, 0777), 0);
	write_file(old, "old a");
	write_file(a, "new a");            /* moved into place before the kill */
	write_file(b, "old b");
	write_file(newb, "new b");         /* not moved yet */
	write_file(mine, "the user's");
	write_file(journal, "move a.txt .neuron-stage-Ab12Cd/.old-0\n"
	                    "move .neuron-stage-Ab12Cd/a.txt a.txt\n"
	                    "move b.txt .neuron-stage-Ab12Cd/.old-1\n"
	                    "move .neuron-stage-Ab12Cd/b.txt b.txt\n"
	                    "move ../../etc/passwd x\n");
	CU_ASSERT_EQUAL_FATAL(txn_begin(&t, dir, &keep), NR_OK);
	txn_end(&t);
	CU_ASSERT(has(dir, "a.txt", "old a"));
	CU_ASSERT(has(dir, "b.txt", "old b"));
	CU_ASSERT(has(dir, "notes.txt", "the user's"));
	CU_ASSERT_FALSE(file_exists(stage));
	free(stage); free(journal); free(old); free(newb); free(a); free(b); free(mine);
	rm_rf(dir);
	free(dir);
}

static void test_stale_files_go_only_when_the_program_made_them_unchanged(void)
{
	char *dir = tmpdir_new(), *c = path_join(dir, "c.txt");
	struct txn t;

	CU_ASSERT_EQUAL_FATAL(txn_begin(&t, dir, &replace), NR_OK);
	put(&t, "a.txt", "A1");
	put(&t, "b.txt", "B1");
	put(&t, "c.txt", "C1");
	put(&t, "runs/lr-1/t.csv", "T1");
	CU_ASSERT_EQUAL_FATAL(txn_commit(&t), NR_OK);
	txn_end(&t);
	write_file(c, "edited by the user");
	char *u = path_join(dir, "user.txt");
	write_file(u, "the user's own");

	/* The next run makes only a.txt: b.txt and runs/ go, the edited c.txt
	 * and the user's file stay. */
	CU_ASSERT_EQUAL_FATAL(txn_begin(&t, dir, &replace), NR_OK);
	put(&t, "a.txt", "A2");
	CU_ASSERT_EQUAL_FATAL(txn_commit(&t), NR_OK);
	txn_end(&t);
	CU_ASSERT(has(dir, "a.txt", "A2"));
	CU_ASSERT_FALSE(in_dir(dir, "b.txt"));
	CU_ASSERT_FALSE(in_dir(dir, "runs"));
	CU_ASSERT(has(dir, "c.txt", "edited by the user"));
	CU_ASSERT(has(dir, "user.txt", "the user's own"));

	/* TXN_KEEP (`neuron train`) removes nothing. */
	CU_ASSERT_EQUAL_FATAL(txn_begin(&t, dir, &replace), NR_OK);
	put(&t, "a.txt", "A3");
	put(&t, "d.txt", "D3");
	CU_ASSERT_EQUAL_FATAL(txn_commit(&t), NR_OK);
	txn_end(&t);
	CU_ASSERT_EQUAL_FATAL(txn_begin(&t, dir, &keep), NR_OK);
	put(&t, "a.txt", "A4");
	CU_ASSERT_EQUAL_FATAL(txn_commit(&t), NR_OK);
	txn_end(&t);
	CU_ASSERT(has(dir, "d.txt", "D3"));
	CU_ASSERT(has(dir, "a.txt", "A4"));
	free(c);
	free(u);
	rm_rf(dir);
	free(dir);
}

static void test_a_second_transaction_on_the_directory_is_refused_without_waiting(void)
{
	char *dir = tmpdir_new();
	struct txn t1, t2;

	struct capture cap;
	char *pid = xasprintf("(pid %ld)", (long)getpid());
	CU_ASSERT_EQUAL_FATAL(txn_begin(&t1, dir, &replace), NR_OK);
	capture_begin(&cap);
	CU_ASSERT_EQUAL(txn_begin(&t2, dir, &replace), NR_EBUSY);
	char *said = capture_end(&cap);
	CU_ASSERT(said && strstr(said, pid) && strstr(said, dir) && count_lines(said) == 1);
	free(said);
	free(pid);
	txn_end(&t1);
	CU_ASSERT_EQUAL(txn_begin(&t2, dir, &replace), NR_OK);
	txn_end(&t2);
	rm_rf(dir);
	free(dir);
}

static void test_only_names_the_program_makes_are_valid(void)
{
	static const char *const good[] = {
		"trace.csv", "runs/lr-0.0001/trace.csv", "fit.gif", "scripts/style.gp", "a_b-c.d",
	};
	static const char *const evil[] = {
		"", "/etc/passwd", "../x", "a/../../x", "<touch PWN", "|touch PWN", "~",
		"~/x", "$db", "-x", ".hidden", "a//b", "a/", "a\nb", "a b", "a'b", "a;b",
		"`x`", "$(x)", "-", "+", "++", "a/.b", "a/-b",
	};

	for (size_t i = 0; i < sizeof good / sizeof good[0]; i++)
		CU_ASSERT(txn_valid_name(good[i]));
	for (size_t i = 0; i < sizeof evil / sizeof evil[0]; i++) {
		CU_ASSERT_FALSE(txn_valid_name(evil[i]));
		if (txn_valid_name(evil[i]))
			fprintf(stderr, "\n  accepted: '%s'\n", evil[i]);
	}
}

static uint64_t fingerprint(const unsigned char *p, size_t n)
{
	struct hash h;
	hash_init(&h);
	hash_bytes(&h, p, n);
	return hash_final(&h);
}

/* The manifest's fingerprints: the same bytes fed in any pieces hash alike
 * (the chains and the unfinished block carry over); a change in any bit,
 * in the length or in the order does not; a file hashes as its bytes. */
static void test_a_fingerprint_depends_on_the_bytes_not_on_the_pieces(void)
{
	enum { N = 1000 };
	static unsigned char b[N], zeros[N];
	struct rng r;

	rng_seed(&r, 7);
	for (size_t i = 0; i < N; i++)
		b[i] = (unsigned char)rng_next(&r);
	uint64_t whole = fingerprint(b, N);
	for (int trial = 0; trial < 200; trial++) {
		struct hash h;
		hash_init(&h);
		for (size_t at = 0, len; at < N; at += len) {
			len = (size_t)rng_below(&r, 70);
			if (len > N - at)
				len = N - at;
			hash_bytes(&h, b + at, len);
		}
		CU_ASSERT_EQUAL_FATAL(hash_final(&h), whole);
	}
	/* Every bit of the first two blocks and the last bytes, one at a time. */
	for (size_t i = 0; i < N; i += i == 64 ? N - 70 : 1)
		for (int bit = 0; bit < 8; bit++) {
			b[i] ^= (unsigned char)(1u << bit);
			CU_ASSERT_NOT_EQUAL(fingerprint(b, N), whole);
			b[i] ^= (unsigned char)(1u << bit);
		}
	/* Zeros of every length up to five blocks: each its own fingerprint. */
	uint64_t seen[161];
	for (size_t n = 0; n <= 160; n++) {
		seen[n] = fingerprint(zeros, n);
		for (size_t m = 0; m < n; m++)
			CU_ASSERT_NOT_EQUAL(seen[m], seen[n]);
	}
	/* Two words of a block swapped: the chains keep their places. */
	unsigned char s[N];
	memcpy(s, b, N);
	memcpy(s, b + 8, 8);
	memcpy(s + 8, b, 8);
	CU_ASSERT_NOT_EQUAL(fingerprint(s, N), whole);

	char *dir = tmpdir_new(), *path = path_join(dir, "bytes");
	FILE *fp = fopen(path, "wb");
	CU_ASSERT_FATAL(fp && fwrite(b, 1, N, fp) == N && fclose(fp) == 0);
	struct hash h;
	uint64_t size = 0;
	hash_init(&h);
	CU_ASSERT_EQUAL(hash_file(&h, path, &size), 0);
	CU_ASSERT_EQUAL(size, N);
	CU_ASSERT_EQUAL(hash_final(&h), whole);
	free(path);
	rm_rf(dir);
	free(dir);
}

int suite_txn(void)
{
	CU_pSuite s = CU_add_suite("txn", NULL, NULL);
	if (!s)
		return CU_get_error();
	CU_ADD_TEST(s, test_nothing_is_visible_before_the_commit_and_all_after);
	CU_ADD_TEST(s, test_an_abandoned_transaction_changes_nothing);
	CU_ADD_TEST(s, test_an_output_nobody_wrote_or_a_write_error_fails_the_commit);
	CU_ADD_TEST(s, test_a_directory_in_the_way_fails_before_anything_moves);
	CU_ADD_TEST(s, test_a_commit_that_fails_halfway_puts_back_what_it_replaced);
	CU_ADD_TEST(s, test_the_next_run_repairs_a_commit_that_was_killed);
	CU_ADD_TEST(s, test_stale_files_go_only_when_the_program_made_them_unchanged);
	CU_ADD_TEST(s, test_a_second_transaction_on_the_directory_is_refused_without_waiting);
	CU_ADD_TEST(s, test_only_names_the_program_makes_are_valid);
	CU_ADD_TEST(s, test_a_fingerprint_depends_on_the_bytes_not_on_the_pieces);
	return CU_get_error();
}
