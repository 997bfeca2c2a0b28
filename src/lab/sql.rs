//! The SQL lab: a fresh in-memory SQLite database built from the lab's setup, the learner's
//! statements run against it under a time limit, and each task checked by running the
//! reference solution on a copy taken just before the learner's statement.
//! Nothing can reach outside: ATTACH, DETACH, VACUUM and load_extension are refused.

use std::time::{Duration, Instant};

use rusqlite::hooks::{AuthAction, AuthContext, Authorization};
use rusqlite::types::ValueRef;
use rusqlite::{Connection, backup::Backup};
use thiserror::Error;

use crate::curriculum::LabTask;

/// How long one run may take before it is stopped.
pub const TIME_LIMIT: Duration = Duration::from_secs(2);
/// Rows kept of a result (for display and comparison); more is refused as too large.
pub const MAX_ROWS: usize = 20_000;

/// Why SQL could not run.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum SqlError {
    /// SQLite's own message.
    #[error("{0}")]
    Sqlite(String),
    /// The statement ran past [`TIME_LIMIT`].
    #[error("stopped after {} seconds: the query took too long (an unbounded join or recursion?)", TIME_LIMIT.as_secs())]
    TooSlow,
    /// A statement that reaches outside the lab.
    #[error("`{0}` is not allowed in the lab: it reaches outside its database")]
    Refused(String),
    /// The result is larger than [`MAX_ROWS`].
    #[error("the result has more than {MAX_ROWS} rows; add a WHERE or a LIMIT")]
    TooLarge,
}

impl From<rusqlite::Error> for SqlError {
    fn from(e: rusqlite::Error) -> Self {
        match e {
            rusqlite::Error::SqliteFailure(f, _)
                if f.code == rusqlite::ErrorCode::OperationInterrupted =>
            {
                SqlError::TooSlow
            }
            rusqlite::Error::SqliteFailure(_, Some(msg)) => SqlError::Sqlite(msg),
            other => SqlError::Sqlite(other.to_string()),
        }
    }
}

/// A result table: column names and rows of displayed values.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ResultSet {
    /// Column names.
    pub columns: Vec<String>,
    /// Rows, each value as text (`NULL` for null).
    pub rows: Vec<Vec<String>>,
}

/// What running some SQL did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Ran {
    /// The last result set, if a statement returned rows.
    pub result: Option<ResultSet>,
    /// Rows changed by INSERT, UPDATE and DELETE statements.
    pub changes: u64,
    /// Statements run.
    pub statements: usize,
}

/// Whether the learner's work solves a task.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// It does.
    Solved,
    /// It doesn't yet; why, in words for the learner.
    NotYet(String),
}

/// A lab database.
pub struct SqlLab {
    conn: Connection,
    setup: String,
}

impl std::fmt::Debug for SqlLab {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SqlLab").finish_non_exhaustive()
    }
}

/// A connection with the lab's guards: foreign keys on, outside access refused.
fn guarded() -> Result<Connection, SqlError> {
    let mut conn = Connection::open_in_memory()?;
    conn.execute_batch("PRAGMA foreign_keys = ON;")?;
    conn.authorizer(Some(|ctx: AuthContext<'_>| match ctx.action {
        AuthAction::Attach { .. } | AuthAction::Detach { .. } => Authorization::Deny,
        AuthAction::Function { function_name }
            if function_name.eq_ignore_ascii_case("load_extension") =>
        {
            Authorization::Deny
        }
        _ => Authorization::Allow,
    }))?;
    Ok(conn)
}

/// Copies `src` into a fresh guarded connection. Never waits: a busy source (an open
/// write transaction) is an error, not a retry loop.
fn snapshot(src: &Connection) -> Result<Connection, SqlError> {
    let mut dst = guarded()?;
    {
        let backup = Backup::new(src, &mut dst)?;
        loop {
            match backup.step(-1)? {
                rusqlite::backup::StepResult::Done => break,
                rusqlite::backup::StepResult::More => {}
                _ => {
                    return Err(SqlError::Sqlite(
                        "the database is busy (a transaction is open)".into(),
                    ));
                }
            }
        }
    }
    Ok(dst)
}

impl SqlLab {
    /// A fresh database built from `setup`.
    pub fn new(setup: &str) -> Result<Self, SqlError> {
        let conn = guarded()?;
        conn.execute_batch(setup)?;
        Ok(Self {
            conn,
            setup: setup.to_string(),
        })
    }

    /// Throws the database away and builds it again from the setup.
    pub fn reset(&mut self) -> Result<(), SqlError> {
        *self = Self::new(&self.setup)?;
        Ok(())
    }

    /// Runs the learner's SQL (one or more statements).
    pub fn run(&mut self, sql: &str) -> Result<Ran, SqlError> {
        run_on(&mut self.conn, sql)
    }

    /// Runs the learner's SQL for `task` and checks it.
    pub fn attempt(&mut self, task: &LabTask, sql: &str) -> Result<(Ran, Verdict), SqlError> {
        // While the learner has a transaction open (after BEGIN, or a failed statement inside
        // one), the SQL runs but isn't checked: tasks are checked on committed data.
        if !self.conn.is_autocommit() {
            let ran = self.run(sql)?;
            let why = if self.conn.is_autocommit() {
                "the transaction is over; run your query again to check the task"
            } else {
                "a transaction is open: end it with COMMIT or ROLLBACK, then the task is checked"
            };
            return Ok((ran, Verdict::NotYet(why.into())));
        }
        let mut before = snapshot(&self.conn)?;
        let plan_before = match &task.expect_plan {
            Some(q) => Some(uses_index(&mut before, q)?),
            None => None,
        };
        let ran = self.run(sql)?;
        if !self.conn.is_autocommit() {
            let why =
                "a transaction is open: end it with COMMIT or ROLLBACK, then the task is checked";
            return Ok((ran, Verdict::NotYet(why.into())));
        }
        let verdict = self.check(task, &before, &ran, plan_before)?;
        Ok((ran, verdict))
    }

    fn check(
        &mut self,
        task: &LabTask,
        before: &Connection,
        ran: &Ran,
        plan_before: Option<bool>,
    ) -> Result<Verdict, SqlError> {
        let mut reference = snapshot(before)?;
        // The solution may not apply to a database the learner already changed (a table it
        // creates exists): checks that don't need it still run; the others ask for a reset.
        let expected = match run_on(&mut reference, &task.solution) {
            Ok(expected) => Some(expected),
            Err(_) if task.expect_error.is_some() || task.expect_plan.is_some() => None,
            Err(e) => {
                return Ok(Verdict::NotYet(format!(
                    "the reference solution can't run on your database as it is now ({e}); press r to reset it and try again"
                )));
            }
        };
        if let Some(errors) = &task.expect_error {
            let probe = snapshot(&self.conn)?;
            for statement in split_statements(errors) {
                if probe.execute_batch(&statement).is_ok() {
                    return Ok(Verdict::NotYet(format!(
                        "this should now be rejected, but it was accepted: {}",
                        statement.trim()
                    )));
                }
            }
        }
        if let (Some(query), Some(before)) = (&task.expect_plan, plan_before) {
            return Ok(if before {
                Verdict::NotYet("the query already used an index before your statement".into())
            } else if uses_index(&mut self.conn, query)? {
                Verdict::Solved
            } else {
                Verdict::NotYet(
                    "EXPLAIN QUERY PLAN still shows a full scan (SCAN), not an index (SEARCH … USING INDEX)".into(),
                )
            });
        }
        if let Some(query) = &task.verify {
            let mine = match run_on(&mut self.conn, query) {
                Ok(ran) => ran.result.unwrap_or_default(),
                Err(e) => return Ok(Verdict::NotYet(format!("the check can't run yet ({e})"))),
            };
            let theirs = run_on(&mut reference, query)?.result.unwrap_or_default();
            return Ok(compare(&mine, &theirs, false, "the table"));
        }
        if task.expect_error.is_some() {
            return Ok(Verdict::Solved);
        }
        let Some(expected) = expected.and_then(|e| e.result) else {
            return Ok(Verdict::Solved);
        };
        match &ran.result {
            None => Ok(Verdict::NotYet(
                "your SQL returned no rows to check; this task asks for a SELECT".into(),
            )),
            Some(mine) => Ok(compare(mine, &expected, task.ordered, "your result")),
        }
    }
}

/// Compares a result with the expected one, saying how they differ.
fn compare(mine: &ResultSet, expected: &ResultSet, ordered: bool, what: &str) -> Verdict {
    if mine.columns.len() != expected.columns.len() {
        return Verdict::NotYet(format!(
            "{what} has {} column(s); the task expects {}",
            mine.columns.len(),
            expected.columns.len()
        ));
    }
    if mine.rows.len() != expected.rows.len() {
        return Verdict::NotYet(format!(
            "{what} has {} row(s); the task expects {}",
            mine.rows.len(),
            expected.rows.len()
        ));
    }
    let same = if ordered {
        mine.rows == expected.rows
    } else {
        let (mut a, mut b) = (mine.rows.clone(), expected.rows.clone());
        a.sort();
        b.sort();
        a == b
    };
    if same {
        Verdict::Solved
    } else if ordered && {
        let (mut a, mut b) = (mine.rows.clone(), expected.rows.clone());
        a.sort();
        b.sort();
        a == b
    } {
        Verdict::NotYet("the rows are right but in the wrong order".into())
    } else {
        Verdict::NotYet(format!("{what} has the right size but different values"))
    }
}

/// Whether `EXPLAIN QUERY PLAN query` mentions an index.
fn uses_index(conn: &mut Connection, query: &str) -> Result<bool, SqlError> {
    let plan = run_on(
        conn,
        &format!("EXPLAIN QUERY PLAN {}", query.trim().trim_end_matches(';')),
    )?;
    Ok(plan
        .result
        .unwrap_or_default()
        .rows
        .iter()
        .flatten()
        .any(|cell| cell.contains("USING INDEX") || cell.contains("USING COVERING INDEX")))
}

/// Runs every statement of `sql` in order, under the time limit, keeping the last result.
fn run_on(conn: &mut Connection, sql: &str) -> Result<Ran, SqlError> {
    let deadline = Instant::now() + TIME_LIMIT;
    conn.progress_handler(10_000, Some(move || Instant::now() > deadline))?;
    let result = run_statements(conn, sql);
    conn.progress_handler(0, None::<fn() -> bool>)?;
    result
}

fn run_statements(conn: &Connection, sql: &str) -> Result<Ran, SqlError> {
    let mut ran = Ran::default();
    for statement in split_statements(sql) {
        let first = statement
            .split_whitespace()
            .next()
            .unwrap_or_default()
            .to_ascii_uppercase();
        if matches!(first.as_str(), "ATTACH" | "DETACH" | "VACUUM") {
            return Err(SqlError::Refused(first));
        }
        let mut stmt = conn.prepare(&statement)?;
        let columns: Vec<String> = stmt.column_names().map(str::to_string).collect();
        if columns.is_empty() {
            ran.changes += stmt.execute([])? as u64;
        } else {
            let mut rows = stmt.query([])?;
            let mut out = Vec::new();
            while let Some(row) = rows.next()? {
                if out.len() == MAX_ROWS {
                    return Err(SqlError::TooLarge);
                }
                out.push(
                    (0..columns.len())
                        .map(|i| display(row.get_ref(i)))
                        .collect(),
                );
            }
            ran.result = Some(ResultSet { columns, rows: out });
        }
        ran.statements += 1;
    }
    Ok(ran)
}

fn display(value: rusqlite::Result<ValueRef<'_>>) -> String {
    match value {
        Ok(ValueRef::Null) | Err(_) => "NULL".into(),
        Ok(ValueRef::Integer(i)) => i.to_string(),
        Ok(ValueRef::Real(f)) => f.to_string(),
        Ok(ValueRef::Text(t)) => {
            crate::markdown::sanitize(&String::from_utf8_lossy(t)).into_owned()
        }
        Ok(ValueRef::Blob(b)) => format!("<blob, {} bytes>", b.len()),
    }
}

/// Splits SQL into statements at `;` outside quotes, comments and `BEGIN … END` bodies
/// of triggers; empty statements are dropped.
pub fn split_statements(sql: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut chars = sql.chars().peekable();
    let mut depth = 0usize;
    let mut word = String::new();
    while let Some(c) = chars.next() {
        // Track `BEGIN … END` of a trigger body, whose `;`s don't end the statement.
        if c.is_ascii_alphabetic() {
            word.push(c.to_ascii_uppercase());
        } else {
            match word.as_str() {
                "BEGIN" if current.to_ascii_uppercase().contains("TRIGGER") => depth += 1,
                "END" if depth > 0 => depth -= 1,
                _ => {}
            }
            word.clear();
        }
        match c {
            '\'' | '"' | '`' => {
                current.push(c);
                for d in chars.by_ref() {
                    current.push(d);
                    if d == c {
                        break;
                    }
                }
            }
            '-' if chars.peek() == Some(&'-') => {
                for d in chars.by_ref() {
                    if d == '\n' {
                        current.push('\n');
                        break;
                    }
                }
            }
            '/' if chars.peek() == Some(&'*') => {
                chars.next();
                let mut prev = ' ';
                for d in chars.by_ref() {
                    if prev == '*' && d == '/' {
                        break;
                    }
                    prev = d;
                }
                current.push(' ');
            }
            ';' if depth == 0 => {
                if !current.trim().is_empty() {
                    out.push(current.trim().to_string());
                }
                current.clear();
            }
            _ => current.push(c),
        }
    }
    if !current.trim().is_empty() {
        out.push(current.trim().to_string());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const SETUP: &str = "CREATE TABLE t(id INTEGER PRIMARY KEY, x INTEGER NOT NULL);\n\
        INSERT INTO t(x) VALUES (3), (1), (2);";

    fn task(solution: &str) -> LabTask {
        LabTask {
            id: "t".into(),
            solution: solution.into(),
            ..LabTask::default()
        }
    }

    #[test]
    fn a_right_query_solves_and_a_wrong_one_says_why() {
        let mut lab = SqlLab::new(SETUP).expect("setup");
        let t = task("SELECT x FROM t WHERE x > 1");
        let (ran, verdict) = lab
            .attempt(&t, "select x from t where x >= 2")
            .expect("runs");
        assert_eq!(verdict, Verdict::Solved);
        assert_eq!(ran.result.map(|r| r.rows.len()), Some(2));
        let (_, verdict) = lab.attempt(&t, "SELECT x FROM t").expect("runs");
        assert_eq!(
            verdict,
            Verdict::NotYet("your result has 3 row(s); the task expects 2".into())
        );
        let (_, verdict) = lab
            .attempt(&t, "SELECT x, id FROM t WHERE x > 1")
            .expect("runs");
        assert!(matches!(verdict, Verdict::NotYet(m) if m.contains("column")));
    }

    #[test]
    fn order_matters_only_when_the_task_says_so() {
        let mut lab = SqlLab::new(SETUP).expect("setup");
        let mut t = task("SELECT x FROM t ORDER BY x");
        assert_eq!(
            lab.attempt(&t, "SELECT x FROM t ORDER BY x DESC")
                .expect("runs")
                .1,
            Verdict::Solved
        );
        t.ordered = true;
        let (_, v) = lab
            .attempt(&t, "SELECT x FROM t ORDER BY x DESC")
            .expect("runs");
        assert_eq!(
            v,
            Verdict::NotYet("the rows are right but in the wrong order".into())
        );
        assert_eq!(
            lab.attempt(&t, "SELECT x FROM t ORDER BY 1")
                .expect("runs")
                .1,
            Verdict::Solved
        );
    }

    #[test]
    fn writes_are_checked_by_the_state_they_leave() {
        let mut lab = SqlLab::new(SETUP).expect("setup");
        let mut t = task("UPDATE t SET x = x * 10 WHERE x = 2");
        t.verify = Some("SELECT id, x FROM t".into());
        let (_, v) = lab.attempt(&t, "UPDATE t SET x = 20").expect("runs");
        assert!(
            matches!(v, Verdict::NotYet(_)),
            "a missing WHERE changes every row"
        );
        lab.reset().expect("reset");
        let (ran, v) = lab
            .attempt(&t, "UPDATE t SET x = 20 WHERE id = 3")
            .expect("runs");
        assert_eq!(v, Verdict::Solved);
        assert_eq!(ran.changes, 1);
    }

    #[test]
    fn constraints_and_indexes_are_checked() {
        let mut lab = SqlLab::new(SETUP).expect("setup");
        let mut t = task("CREATE TABLE IF NOT EXISTS r(n INTEGER CHECK (n BETWEEN 1 AND 5))");
        t.expect_error = Some("INSERT INTO r VALUES (9); INSERT INTO r VALUES (0)".into());
        let (_, v) = lab.attempt(&t, "CREATE TABLE r(n INTEGER)").expect("runs");
        assert!(matches!(v, Verdict::NotYet(m) if m.contains("INSERT INTO r VALUES (9)")));
        let (_, v) = lab
            .attempt(
                &t,
                "DROP TABLE r; CREATE TABLE r(n INT CHECK (n >= 1 AND n <= 5))",
            )
            .expect("runs");
        assert_eq!(v, Verdict::Solved);

        let mut t = task("CREATE INDEX t_x ON t(x)");
        t.expect_plan = Some("SELECT * FROM t WHERE x = 2".into());
        let (_, v) = lab.attempt(&t, "SELECT 1").expect("runs");
        assert!(matches!(v, Verdict::NotYet(m) if m.contains("SCAN")));
        let (_, v) = lab.attempt(&t, "CREATE INDEX idx ON t(x)").expect("runs");
        assert_eq!(v, Verdict::Solved);
    }

    #[test]
    fn the_lab_cannot_reach_outside_or_hang() {
        let mut lab = SqlLab::new(SETUP).expect("setup");
        for sql in [
            "ATTACH DATABASE '/tmp/x.db' AS x",
            "attach '/tmp/x.db' as x",
            "VACUUM INTO '/tmp/copy.db'",
            "SELECT load_extension('/tmp/evil')",
        ] {
            let err = lab.run(sql).expect_err(sql);
            assert!(
                matches!(err, SqlError::Refused(_) | SqlError::Sqlite(_)),
                "{sql}: {err:?}"
            );
        }
        assert!(!std::path::Path::new("/tmp/copy.db").exists());
        let started = Instant::now();
        let err = lab
            .run("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT count(*) FROM n")
            .expect_err("stopped");
        assert_eq!(err, SqlError::TooSlow);
        assert!(started.elapsed() < TIME_LIMIT * 3);
        // Still usable afterwards.
        assert!(lab.run("SELECT count(*) FROM t").is_ok());
    }

    #[test]
    fn an_open_transaction_is_run_but_not_checked_and_never_hangs() {
        let mut lab = SqlLab::new(SETUP).expect("setup");
        let mut t = task("UPDATE t SET x = 5 WHERE id = 1");
        t.verify = Some("SELECT id, x FROM t".into());
        let failed = lab.attempt(
            &t,
            "BEGIN; UPDATE t SET x = 5 WHERE id = 1; INSERT INTO t(x) VALUES (NULL)",
        );
        assert!(matches!(failed, Err(SqlError::Sqlite(m)) if m.contains("NOT NULL")));
        // The failed INSERT left the transaction open: the next run must not hang.
        let started = Instant::now();
        let (ran, v) = lab
            .attempt(&t, "SELECT x FROM t WHERE id = 1")
            .expect("runs");
        assert!(matches!(v, Verdict::NotYet(m) if m.contains("transaction is open")));
        assert_eq!(
            ran.result.map(|r| r.rows),
            Some(vec![vec!["5".to_string()]])
        );
        let (_, v) = lab.attempt(&t, "COMMIT").expect("runs");
        assert!(matches!(v, Verdict::NotYet(m) if m.contains("run your query again")));
        // Checked again outside the transaction, the committed update is what was asked.
        let (_, v) = lab.attempt(&t, "SELECT 1").expect("runs");
        assert_eq!(v, Verdict::Solved);
        assert!(started.elapsed() < Duration::from_secs(2));
    }

    #[test]
    fn a_verify_query_that_cannot_run_yet_is_not_yet() {
        let mut lab = SqlLab::new(SETUP).expect("setup");
        let mut t = task("CREATE TABLE IF NOT EXISTS r(n INTEGER)");
        t.verify = Some("SELECT n FROM r".into());
        let (ran, v) = lab
            .attempt(&t, "SELECT x FROM t")
            .expect("the learner's result is kept");
        assert!(matches!(v, Verdict::NotYet(m) if m.contains("can't run yet")));
        assert!(ran.result.is_some());
    }

    #[test]
    fn statements_split_outside_quotes_comments_and_triggers() {
        let sql = "SELECT ';'; -- a; comment\nSELECT 2 /* ; */;\n\
            CREATE TRIGGER g AFTER INSERT ON t BEGIN UPDATE t SET x = 1; END;\n;";
        let parts = split_statements(sql);
        assert_eq!(parts.len(), 3, "{parts:?}");
        assert_eq!(parts[0], "SELECT ';'");
        assert!(parts[2].ends_with("END"));
    }

    #[test]
    fn sqlite_errors_reach_the_learner_verbatim() {
        let mut lab = SqlLab::new(SETUP).expect("setup");
        let err = lab.run("SELEC 1").expect_err("syntax");
        assert!(err.to_string().contains("syntax error"), "{err}");
        let err = lab
            .run("INSERT INTO t(x) VALUES (NULL)")
            .expect_err("not null");
        assert!(err.to_string().contains("NOT NULL"), "{err}");
    }
}
