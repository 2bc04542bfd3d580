// civreg_rows(insert, token, insertMany): the bulk loader's insert loop, in C.
//
// The loader packs a batch of one table's rows into a buffer (see rows.go),
// lends it, and runs SELECT civreg_rows(...) inside its transaction. The
// function prepares the inserts once and binds and steps them for all the
// rows, so that a row costs SQLite's insert and nothing else: no crossing
// from Go to C for each value, and no parsing of the row out of JSON.
//
// SQLite is the one go-sqlite3 compiles into the binary; its functions are
// declared here with opaque types rather than from a sqlite3.h, which could
// be of another version than the one linked.

#include <pthread.h>
#include <stdint.h>
#include <string.h>

typedef struct sqlite3 sqlite3;
typedef struct sqlite3_stmt sqlite3_stmt;
typedef struct sqlite3_context sqlite3_context;
typedef struct sqlite3_value sqlite3_value;
typedef struct sqlite3_api_routines sqlite3_api_routines;
typedef void (*sqlite3_destructor_type)(void *);

extern int sqlite3_auto_extension(void (*)(void));
extern int sqlite3_create_function_v2(sqlite3 *, const char *, int, int, void *,
	void (*)(sqlite3_context *, int, sqlite3_value **),
	void (*)(sqlite3_context *, int, sqlite3_value **),
	void (*)(sqlite3_context *), void (*)(void *));
extern sqlite3 *sqlite3_context_db_handle(sqlite3_context *);
extern const unsigned char *sqlite3_value_text(sqlite3_value *);
extern long long sqlite3_value_int64(sqlite3_value *);
extern int sqlite3_prepare_v2(sqlite3 *, const char *, int, sqlite3_stmt **, const char **);
extern int sqlite3_bind_parameter_count(sqlite3_stmt *);
extern int sqlite3_bind_null(sqlite3_stmt *, int);
extern int sqlite3_bind_int64(sqlite3_stmt *, int, long long);
extern int sqlite3_bind_double(sqlite3_stmt *, int, double);
extern int sqlite3_bind_text(sqlite3_stmt *, int, const char *, int, sqlite3_destructor_type);
extern int sqlite3_step(sqlite3_stmt *);
extern int sqlite3_reset(sqlite3_stmt *);
extern int sqlite3_finalize(sqlite3_stmt *);
extern int sqlite3_extended_errcode(sqlite3 *);
extern const char *sqlite3_errmsg(sqlite3 *);
extern void sqlite3_result_int64(sqlite3_context *, long long);
extern void sqlite3_result_error(sqlite3_context *, const char *, int);
extern void sqlite3_result_error_code(sqlite3_context *, int);

#define SQLITE_OK 0
#define SQLITE_ERROR 1
#define SQLITE_MISUSE 21
#define SQLITE_DONE 101
#define SQLITE_UTF8 1
#define SQLITE_DIRECTONLY 0x000080000
#define SQLITE_STATIC ((sqlite3_destructor_type)0)

// The tags of a packed value; rows.go writes them.
enum { tagNull = 0, tagInt = 1, tagFloat = 2, tagText = 3 };

// Lent rows. The loader's buffers are megabytes; bound as a blob, SQLite
// would copy each into memory of its own, and that copy (fresh pages every
// time) cost a seventh of the load. Instead the loader lends the buffer
// (pinned in Go) for the length of one statement and passes its number.
// SQL can name only a buffer lent at that moment, never an address.
#define nLent 16
static struct {
	const unsigned char *p;
	size_t n;
	long long token;
} lent[nLent];
static long long lastToken;
static pthread_mutex_t lentMu = PTHREAD_MUTEX_INITIALIZER;

// civregRowsLend lends p for a statement; it returns the buffer's token,
// or 0 when too many are lent.
long long civregRowsLend(const unsigned char *p, size_t n) {
	long long token = 0;
	pthread_mutex_lock(&lentMu);
	for (int i = 0; i < nLent; i++) {
		if (lent[i].token == 0) {
			token = ++lastToken;
			lent[i].p = p;
			lent[i].n = n;
			lent[i].token = token;
			break;
		}
	}
	pthread_mutex_unlock(&lentMu);
	return token;
}

// civregRowsReturn ends the loan of token.
void civregRowsReturn(long long token) {
	pthread_mutex_lock(&lentMu);
	for (int i = 0; i < nLent; i++) {
		if (lent[i].token == token) {
			lent[i].token = 0;
			lent[i].p = 0;
			lent[i].n = 0;
		}
	}
	pthread_mutex_unlock(&lentMu);
}

// borrow finds the buffer of token.
static int borrow(long long token, const unsigned char **p, size_t *n) {
	int ok = 0;
	pthread_mutex_lock(&lentMu);
	for (int i = 0; i < nLent && token != 0; i++) {
		if (lent[i].token == token) {
			*p = lent[i].p;
			*n = lent[i].n;
			ok = 1;
		}
	}
	pthread_mutex_unlock(&lentMu);
	return ok;
}

static void rowsFail(sqlite3_context *ctx, const char *msg, int code) {
	sqlite3_result_error(ctx, msg, -1);
	sqlite3_result_error_code(ctx, code);
}

// bindRow binds the values of one row at *p to st's parameters from first
// on, ncol of them, and moves *p past them; with no st it only reads them.
// It returns SQLite's code, or -1 when the row is cut short or holds a
// value of no known kind.
static int bindRow(sqlite3_stmt *st, int first, int ncol, const unsigned char **pp, const unsigned char *end) {
	const unsigned char *p = *pp;
	int rc = SQLITE_OK;
	for (int c = first; c < first + ncol && rc == SQLITE_OK; c++) {
		if (p >= end) {
			return -1;
		}
		int tag = *p++;
		switch (tag) {
		case tagNull:
			if (st) {
				rc = sqlite3_bind_null(st, c);
			}
			break;
		case tagInt:
		case tagFloat:
			if (end - p < 8) {
				return -1;
			}
			if (st && tag == tagInt) {
				int64_t v;
				memcpy(&v, p, 8);
				rc = sqlite3_bind_int64(st, c, v);
			} else if (st) {
				double v;
				memcpy(&v, p, 8);
				rc = sqlite3_bind_double(st, c, v);
			}
			p += 8;
			break;
		case tagText: {
			uint32_t len;
			if (end - p < 4) {
				return -1;
			}
			memcpy(&len, p, 4);
			p += 4;
			if ((uint64_t)(end - p) < len) {
				return -1;
			}
			// The rows outlive the statement: no copy.
			if (st) {
				rc = sqlite3_bind_text(st, c, (const char *)p, (int)len, SQLITE_STATIC);
			}
			p += len;
			break;
		}
		default:
			return -1;
		}
	}
	*pp = p;
	return rc;
}

// execOnce binds and steps st once; it returns SQLite's code (SQLITE_DONE
// when all went well) or -1 for bad rows.
static int execOnce(sqlite3_stmt *st, int rows, int ncol, const unsigned char **pp, const unsigned char *end) {
	for (int r = 0; r < rows; r++) {
		int rc = bindRow(st, 1 + r * ncol, ncol, pp, end);
		if (rc != SQLITE_OK) {
			return rc;
		}
	}
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc;
}

// civreg_rows(insert, token, insertMany): insert has one parameter for each
// value of a row; insertMany, which may be NULL, the same for several rows
// (INSERT ... VALUES (...), (...), ...). Rows go in by insertMany as long
// as enough are left, the rest one by one: a statement's step and reset
// cost as much as a short row's insert.
static void rowsFunc(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
	sqlite3 *db = sqlite3_context_db_handle(ctx);
	const char *sql = (const char *)sqlite3_value_text(argv[0]);
	const char *sqlMany = argc > 2 ? (const char *)sqlite3_value_text(argv[2]) : 0;
	const unsigned char *p;
	size_t size;
	if (sql == 0 || strncmp(sql, "INSERT ", 7) != 0 || (sqlMany != 0 && strncmp(sqlMany, "INSERT ", 7) != 0)) {
		rowsFail(ctx, "civreg_rows: not an insert", SQLITE_MISUSE);
		return;
	}
	if (!borrow(sqlite3_value_int64(argv[1]), &p, &size)) {
		rowsFail(ctx, "civreg_rows: no such rows lent", SQLITE_MISUSE);
		return;
	}
	const unsigned char *end = p + size;
	sqlite3_stmt *one = 0, *many = 0;
	int rc = sqlite3_prepare_v2(db, sql, -1, &one, 0);
	if (rc == SQLITE_OK && sqlMany != 0) {
		rc = sqlite3_prepare_v2(db, sqlMany, -1, &many, 0);
	}
	if (rc != SQLITE_OK) {
		rowsFail(ctx, sqlite3_errmsg(db), sqlite3_extended_errcode(db));
		goto done;
	}
	int ncol = sqlite3_bind_parameter_count(one);
	int k = 0;
	if (many != 0 && ncol > 0) {
		k = sqlite3_bind_parameter_count(many) / ncol;
	}
	if (ncol == 0 || (many != 0 && (k == 0 || k * ncol != sqlite3_bind_parameter_count(many)))) {
		rowsFail(ctx, "civreg_rows: the statements do not take whole rows", SQLITE_MISUSE);
		goto done;
	}
	// Rows left, counted first: a group must not run past the end.
	long long left = 0;
	for (const unsigned char *q = p; q < end; left++) {
		if (bindRow(0, 1, ncol, &q, end) != SQLITE_OK) {
			rowsFail(ctx, "civreg_rows: rows cut short or of an unknown kind", SQLITE_MISUSE);
			goto done;
		}
	}
	long long n = 0;
	while (left > 0) {
		int rows = 1;
		sqlite3_stmt *st = one;
		if (k > 1 && left >= k) {
			rows = k;
			st = many;
		}
		rc = execOnce(st, rows, ncol, &p, end);
		if (rc != SQLITE_DONE) {
			rowsFail(ctx, sqlite3_errmsg(db), sqlite3_extended_errcode(db));
			goto done;
		}
		left -= rows;
		n += rows;
	}
	sqlite3_result_int64(ctx, n);
done:
	sqlite3_finalize(one);
	sqlite3_finalize(many);
}

static int rowsInit(sqlite3 *db, char **err, const sqlite3_api_routines *api) {
	(void)err;
	(void)api;
	// DIRECTONLY: not from a trigger or a view, only from SQL the
	// program itself runs.
	int rc = sqlite3_create_function_v2(db, "civreg_rows", 2, SQLITE_UTF8 | SQLITE_DIRECTONLY, 0, rowsFunc, 0, 0, 0);
	if (rc == SQLITE_OK) {
		rc = sqlite3_create_function_v2(db, "civreg_rows", 3, SQLITE_UTF8 | SQLITE_DIRECTONLY, 0, rowsFunc, 0, 0, 0);
	}
	return rc;
}

// civregRowsRegister makes civreg_rows part of every connection opened
// after it.
int civregRowsRegister(void) {
	return sqlite3_auto_extension((void (*)(void))rowsInit);
}
