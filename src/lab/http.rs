//! The HTTP lab: a small practice API on 127.0.0.1 (the Bookshelf API of step 2, with
//! conditional requests, a rate limit and token auth), which records every request it
//! answers so tasks can be checked against what the learner actually sent with curl.
//! It listens on loopback only, bounds what it reads, and stops when the lab closes.

use std::collections::{BTreeMap, VecDeque};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use serde_json::{Map, Value, json};
use thiserror::Error;

use super::sql::Verdict;
use crate::curriculum::LabTask;

/// Largest request head (request line and headers) read.
const MAX_HEAD: usize = 16 * 1024;
/// Largest request body read.
const MAX_BODY: usize = 256 * 1024;
/// Connections handled at once; more are closed at once.
const MAX_CONNECTIONS: usize = 32;
/// Requests remembered for checking and display.
const MAX_LOG: usize = 2_000;
/// `/limited` allows this many requests per window.
const RATE_LIMIT: usize = 3;
/// The rate limit's window.
const RATE_WINDOW: Duration = Duration::from_secs(30);

/// Why the practice API could not start.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum HttpError {
    /// The setup block isn't a JSON array of books.
    #[error("the lab's books are not a JSON array of objects: {0}")]
    BadSetup(String),
    /// No port could be opened on 127.0.0.1.
    #[error("could not listen on 127.0.0.1: {0}")]
    Listen(String),
}

/// One request the practice API answered.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Request {
    /// The method, as sent.
    pub method: String,
    /// The path without the query string.
    pub path: String,
    /// Whether the target had a query string.
    pub query: bool,
    /// Header names sent, lowercase.
    pub headers: Vec<String>,
    /// Whether it had `Content-Type: application/json` and a JSON body.
    pub json: bool,
    /// The status answered.
    pub status: u16,
}

impl Request {
    /// A one-line summary for the lab screen.
    /// A path sent by a raw client may hold control characters: they are shown escaped.
    pub fn summary(&self) -> String {
        format!(
            "{} {} {}{}",
            self.status,
            self.method,
            crate::markdown::escape_controls(&self.path),
            if self.query { "?…" } else { "" }
        )
    }
}

/// The API's data.
struct Api {
    books: BTreeMap<u64, Value>,
    next_id: u64,
    limited: VecDeque<Instant>,
}

/// A running practice API.
pub struct HttpLab {
    addr: SocketAddr,
    stop: Arc<AtomicBool>,
    log: Arc<Mutex<Vec<Request>>>,
}

impl std::fmt::Debug for HttpLab {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HttpLab")
            .field("addr", &self.addr)
            .finish_non_exhaustive()
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

impl HttpLab {
    /// Starts the API on a free port of 127.0.0.1 with the books in `setup` (a JSON array).
    pub fn start(setup: &str) -> Result<Self, HttpError> {
        let seed: Vec<Value> =
            serde_json::from_str(setup.trim()).map_err(|e| HttpError::BadSetup(e.to_string()))?;
        let mut books = BTreeMap::new();
        for (i, b) in seed.into_iter().enumerate() {
            let Value::Object(mut o) = b else {
                return Err(HttpError::BadSetup(format!(
                    "item {} is not an object",
                    i + 1
                )));
            };
            let id = i as u64 + 1;
            o.insert("id".into(), json!(id));
            books.insert(id, normalise(o));
        }
        let next_id = books.len() as u64 + 1;
        let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
            .map_err(|e| HttpError::Listen(e.to_string()))?;
        let addr = listener
            .local_addr()
            .map_err(|e| HttpError::Listen(e.to_string()))?;
        let stop = Arc::new(AtomicBool::new(false));
        let log = Arc::new(Mutex::new(Vec::new()));
        let api = Arc::new(Mutex::new(Api {
            books,
            next_id,
            limited: VecDeque::new(),
        }));
        let active = Arc::new(AtomicUsize::new(0));
        {
            let (stop, log) = (Arc::clone(&stop), Arc::clone(&log));
            thread::spawn(move || {
                for stream in listener.incoming() {
                    if stop.load(Ordering::SeqCst) {
                        break;
                    }
                    let Ok(stream) = stream else {
                        continue;
                    };
                    if active.fetch_add(1, Ordering::SeqCst) >= MAX_CONNECTIONS {
                        active.fetch_sub(1, Ordering::SeqCst);
                        continue;
                    }
                    let (api, log, active) =
                        (Arc::clone(&api), Arc::clone(&log), Arc::clone(&active));
                    thread::spawn(move || {
                        serve(stream, &api, &log);
                        active.fetch_sub(1, Ordering::SeqCst);
                    });
                }
            });
        }
        Ok(Self { addr, stop, log })
    }

    /// The base URL to give curl, e.g. `http://127.0.0.1:43127`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Every request answered so far, oldest first.
    pub fn requests(&self) -> Vec<Request> {
        lock(&self.log).clone()
    }

    /// How many requests were answered so far.
    pub fn count(&self) -> usize {
        lock(&self.log).len()
    }

    /// Checks `task` against the requests answered so far.
    pub fn check(&self, task: &LabTask) -> Verdict {
        let log = lock(&self.log);
        for line in task.check.as_deref().unwrap_or_default().lines() {
            let line = line.trim();
            if line.is_empty() {
                continue;
            }
            match parse_assertion(line) {
                Some(a) if log.iter().any(|r| a.matches(r)) => {}
                Some(a) => return Verdict::NotYet(a.describe()),
                None => {
                    return Verdict::NotYet(format!("the lab's check `{line}` is not understood"));
                }
            }
        }
        Verdict::Solved
    }
}

impl Drop for HttpLab {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wake the accept loop so it sees the flag and the port closes.
        let _ = TcpStream::connect_timeout(&self.addr, Duration::from_millis(200));
    }
}

/// A parsed `seen METHOD PATH STATUS [modifiers]` assertion.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assertion {
    method: String,
    path: String,
    status: u16,
    query: bool,
    json: bool,
    with: Vec<String>,
    without: Vec<String>,
}

/// Parses one assertion line; `None` when it isn't one.
pub fn parse_assertion(line: &str) -> Option<Assertion> {
    let mut words = line.split_whitespace();
    if words.next()? != "seen" {
        return None;
    }
    let mut a = Assertion {
        method: words.next()?.to_ascii_uppercase(),
        path: words.next()?.to_string(),
        status: words.next()?.parse().ok()?,
        query: false,
        json: false,
        with: vec![],
        without: vec![],
    };
    while let Some(w) = words.next() {
        match w {
            "with-query" => a.query = true,
            "with-json" => a.json = true,
            "with-header" => a.with.push(words.next()?.to_ascii_lowercase()),
            "without-header" => a.without.push(words.next()?.to_ascii_lowercase()),
            _ => return None,
        }
    }
    Some(a)
}

impl Assertion {
    fn matches(&self, r: &Request) -> bool {
        r.method == self.method
            && r.status == self.status
            && path_matches(&self.path, &r.path)
            && (!self.query || r.query)
            && (!self.json || r.json)
            && self.with.iter().all(|h| r.headers.contains(h))
            && self.without.iter().all(|h| !r.headers.contains(h))
    }

    fn describe(&self) -> String {
        let mut extra = Vec::new();
        if self.query {
            extra.push("with a query string".to_string());
        }
        if self.json {
            extra.push("with a JSON body".to_string());
        }
        for h in &self.with {
            extra.push(format!("with a {h} header"));
        }
        for h in &self.without {
            extra.push(format!("without a {h} header"));
        }
        let extra = if extra.is_empty() {
            String::new()
        } else {
            format!(" ({})", extra.join(", "))
        };
        format!(
            "no {} {}{extra} answered {} has arrived yet",
            self.method, self.path, self.status
        )
    }
}

fn path_matches(pattern: &str, path: &str) -> bool {
    let p: Vec<&str> = pattern.trim_end_matches('/').split('/').collect();
    let q: Vec<&str> = path.trim_end_matches('/').split('/').collect();
    p.len() == q.len()
        && p.iter()
            .zip(&q)
            .all(|(a, b)| *a == "*" && !b.is_empty() || a == b)
}

/// Fills a book's optional fields so every book has every field.
fn normalise(mut o: Map<String, Value>) -> Value {
    for key in ["year", "rating"] {
        o.entry(key).or_insert(Value::Null);
    }
    o.entry("status").or_insert(json!("want_to_read"));
    Value::Object(o)
}

/// A parsed request.
struct Incoming {
    method: String,
    path: String,
    query: Option<String>,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Incoming {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

/// One response.
struct Reply {
    status: u16,
    headers: Vec<(&'static str, String)>,
    body: Option<Value>,
}

fn reply(status: u16, body: Value) -> Reply {
    Reply {
        status,
        headers: vec![],
        body: Some(body),
    }
}

fn error(status: u16, code: &str, message: &str) -> Reply {
    reply(status, json!({"error": {"code": code, "message": message}}))
}

/// Reads one request, answers it, logs it, closes the connection.
fn serve(stream: TcpStream, api: &Mutex<Api>, log: &Mutex<Vec<Request>>) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
    let _ = stream.set_write_timeout(Some(Duration::from_secs(5)));
    let mut reader = BufReader::new(&stream);
    let (reply, logged) = match read_request(&mut reader) {
        Ok(req) => {
            let reply = route(&req, api);
            let json = req
                .header("content-type")
                .is_some_and(|c| c.to_ascii_lowercase().starts_with("application/json"))
                && serde_json::from_slice::<Value>(&req.body).is_ok();
            let logged = Request {
                method: req.method.clone(),
                path: req.path.clone(),
                query: req.query.is_some(),
                headers: req.headers.iter().map(|(k, _)| k.clone()).collect(),
                json,
                status: reply.status,
            };
            (reply, Some(logged))
        }
        Err(status) => (
            error(status, "bad_request", "the request could not be read"),
            None,
        ),
    };
    let _ = write_reply(&stream, &reply);
    if logged.is_none() {
        // A request we stopped reading may have left data unread; closing now would send
        // a reset that can destroy the reply before the client reads it. Finish writing,
        // then drain (bounded) before closing.
        let _ = stream.shutdown(std::net::Shutdown::Write);
        let _ = stream.set_read_timeout(Some(Duration::from_millis(200)));
        let mut sink = [0u8; 4096];
        let mut drained = 0;
        while drained < MAX_BODY {
            match (&stream).read(&mut sink) {
                Ok(0) | Err(_) => break,
                Ok(n) => drained += n,
            }
        }
    }
    if let Some(r) = logged {
        let mut log = lock(log);
        if log.len() == MAX_LOG {
            log.remove(0);
        }
        log.push(r);
    }
}

fn read_request(reader: &mut impl BufRead) -> Result<Incoming, u16> {
    let mut head = Vec::new();
    loop {
        let mut line = Vec::new();
        let n = reader
            .by_ref()
            .take((MAX_HEAD - head.len()) as u64 + 1)
            .read_until(b'\n', &mut line)
            .map_err(|_| 400u16)?;
        if n == 0 {
            return Err(400);
        }
        head.extend_from_slice(&line);
        if head.len() > MAX_HEAD {
            return Err(431);
        }
        if line == b"\r\n" || line == b"\n" {
            break;
        }
    }
    let text = String::from_utf8(head).map_err(|_| 400u16)?;
    let mut lines = text.lines();
    let mut first = lines.next().unwrap_or_default().split_whitespace();
    let (Some(method), Some(target), Some(version)) = (first.next(), first.next(), first.next())
    else {
        return Err(400);
    };
    if !version.starts_with("HTTP/1.") || !method.bytes().all(|b| b.is_ascii_uppercase()) {
        return Err(400);
    }
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    let length: usize = headers
        .iter()
        .find(|(k, _)| k == "content-length")
        .map_or(Ok(0), |(_, v)| v.parse())
        .map_err(|_| 400u16)?;
    if length > MAX_BODY {
        return Err(413);
    }
    let mut body = vec![0; length];
    reader.read_exact(&mut body).map_err(|_| 400u16)?;
    let (path, query) = match target.split_once('?') {
        Some((p, q)) => (p.to_string(), Some(q.to_string())),
        None => (target.to_string(), None),
    };
    Ok(Incoming {
        method: method.to_string(),
        path,
        query,
        headers,
        body,
    })
}

fn write_reply(mut stream: &TcpStream, r: &Reply) -> std::io::Result<()> {
    let body = r
        .body
        .as_ref()
        .map(|b| format!("{}\n", serde_json::to_string_pretty(b).unwrap_or_default()))
        .unwrap_or_default();
    let mut head = format!("HTTP/1.1 {} {}\r\n", r.status, reason(r.status));
    if r.body.is_some() {
        head.push_str("Content-Type: application/json\r\n");
    }
    head.push_str(&format!(
        "Content-Length: {}\r\nConnection: close\r\n",
        body.len()
    ));
    for (k, v) in &r.headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes())?;
    stream.write_all(body.as_bytes())?;
    stream.flush()
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        201 => "Created",
        204 => "No Content",
        304 => "Not Modified",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        413 => "Content Too Large",
        415 => "Unsupported Media Type",
        422 => "Unprocessable Content",
        429 => "Too Many Requests",
        431 => "Request Header Fields Too Large",
        _ => "",
    }
}

/// A book's ETag: a hash of its JSON, so it changes when the book does.
fn etag(book: &Value) -> String {
    let text = book.to_string();
    let hash = text.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
    });
    format!("\"{hash:016x}\"")
}

/// Who the `Authorization` header says the caller is.
fn caller(req: &Incoming) -> Option<&'static str> {
    match req.header("authorization")?.strip_prefix("Bearer ")?.trim() {
        "learner-token" => Some("user"),
        "admin-token" => Some("admin"),
        _ => None,
    }
}

fn unauthenticated() -> Reply {
    let mut r = error(
        401,
        "unauthenticated",
        "send a token: Authorization: Bearer <token>",
    );
    r.headers
        .push(("WWW-Authenticate", "Bearer realm=\"practice\"".into()));
    r
}

fn route(req: &Incoming, api: &Mutex<Api>) -> Reply {
    let segments: Vec<&str> = req.path.trim_matches('/').split('/').collect();
    let method = req.method.as_str();
    match (method, segments.as_slice()) {
        ("GET", ["books"]) => list(req, api),
        ("POST", ["books"]) => create(req, api),
        (_, ["books"]) => not_allowed("GET, POST"),
        (_, ["books", id]) => match id.parse::<u64>() {
            Ok(id) => book(req, api, id),
            Err(_) => error(404, "not_found", "book ids are numbers"),
        },
        ("GET", ["me"]) => match caller(req) {
            Some(role) => {
                let user = if role == "admin" { "admin" } else { "learner" };
                reply(200, json!({"user": user, "role": role}))
            }
            None => unauthenticated(),
        },
        (_, ["me"]) => not_allowed("GET"),
        ("GET", ["admin", "stats"]) => match caller(req) {
            Some("admin") => reply(200, json!({"books": lock(api).books.len()})),
            Some(_) => error(
                403,
                "forbidden",
                "your account may not see admin statistics",
            ),
            None => unauthenticated(),
        },
        (_, ["admin", "stats"]) => not_allowed("GET"),
        ("GET", ["limited"]) => {
            let mut api = lock(api);
            let now = Instant::now();
            while api
                .limited
                .front()
                .is_some_and(|t| now.duration_since(*t) >= RATE_WINDOW)
            {
                api.limited.pop_front();
            }
            if api.limited.len() >= RATE_LIMIT {
                let wait = api.limited.front().map_or(RATE_WINDOW, |t| {
                    RATE_WINDOW.saturating_sub(now.duration_since(*t))
                });
                let mut r = error(429, "rate_limited", "too many requests; wait and try again");
                r.headers
                    .push(("Retry-After", (wait.as_secs() + 1).to_string()));
                return r;
            }
            api.limited.push_back(now);
            reply(
                200,
                json!({"ok": true, "left": RATE_LIMIT - api.limited.len()}),
            )
        }
        (_, ["limited"]) => not_allowed("GET"),
        _ => error(404, "not_found", "no such path; try /books"),
    }
}

fn not_allowed(allow: &str) -> Reply {
    let mut r = error(
        405,
        "method_not_allowed",
        "this path doesn't accept that method",
    );
    r.headers.push(("Allow", allow.to_string()));
    r
}

fn list(req: &Incoming, api: &Mutex<Api>) -> Reply {
    let mut status = None;
    let (mut limit, mut offset) = (20usize, 0usize);
    for pair in req
        .query
        .as_deref()
        .unwrap_or_default()
        .split('&')
        .filter(|p| !p.is_empty())
    {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        let bad = |field: &str| {
            let mut fields = Map::new();
            fields.insert(field.into(), json!("invalid value"));
            reply(
                422,
                json!({"error": {"code": "validation_failed", "message": "Invalid query", "fields": fields}}),
            )
        };
        match k {
            "status" if matches!(v, "want_to_read" | "reading" | "finished") => {
                status = Some(v.to_string())
            }
            "status" => return bad("status"),
            "limit" => match v.parse() {
                Ok(n) if (1..=100).contains(&n) => limit = n,
                _ => return bad("limit"),
            },
            "offset" => match v.parse() {
                Ok(n) => offset = n,
                Err(_) => return bad("offset"),
            },
            _ => {}
        }
    }
    let api = lock(api);
    let items: Vec<&Value> = api
        .books
        .values()
        .filter(|b| status.as_ref().is_none_or(|s| b["status"] == json!(s)))
        .skip(offset)
        .take(limit)
        .collect();
    reply(
        200,
        json!({"items": items, "limit": limit, "offset": offset}),
    )
}

/// The JSON body of a write, or the error to answer.
fn json_body(req: &Incoming) -> Result<Map<String, Value>, Reply> {
    let json = req
        .header("content-type")
        .is_some_and(|c| c.to_ascii_lowercase().starts_with("application/json"));
    if !json {
        return Err(error(
            415,
            "unsupported_media_type",
            "send JSON with Content-Type: application/json",
        ));
    }
    match serde_json::from_slice(&req.body) {
        Ok(Value::Object(o)) => Ok(o),
        _ => Err(error(400, "invalid_json", "the body is not a JSON object")),
    }
}

/// Checks title and author (when `required`) and the optional fields' types.
fn validate(o: &Map<String, Value>, required: bool) -> Result<(), Reply> {
    let mut fields = Map::new();
    for key in ["title", "author"] {
        match o.get(key) {
            Some(Value::String(s)) if !s.trim().is_empty() => {}
            None if !required => {}
            _ => {
                fields.insert(key.into(), json!("required, a non-empty string"));
            }
        }
    }
    if let Some(s) = o.get("status")
        && !matches!(s.as_str(), Some("want_to_read" | "reading" | "finished"))
        && !s.is_null()
    {
        fields.insert(
            "status".into(),
            json!("one of want_to_read, reading, finished"),
        );
    }
    if fields.is_empty() {
        Ok(())
    } else {
        Err(reply(
            422,
            json!({"error": {"code": "validation_failed", "message": "Invalid book", "fields": fields}}),
        ))
    }
}

const FIELDS: [&str; 5] = ["title", "author", "year", "status", "rating"];

fn create(req: &Incoming, api: &Mutex<Api>) -> Reply {
    let o = match json_body(req) {
        Ok(o) => o,
        Err(r) => return r,
    };
    if let Err(r) = validate(&o, true) {
        return r;
    }
    let mut api = lock(api);
    let id = api.next_id;
    api.next_id += 1;
    let mut book: Map<String, Value> = o
        .into_iter()
        .filter(|(k, _)| FIELDS.contains(&k.as_str()))
        .collect();
    book.insert("id".into(), json!(id));
    let book = normalise(book);
    api.books.insert(id, book.clone());
    let mut r = reply(201, book);
    r.headers.push(("Location", format!("/books/{id}")));
    r
}

fn book(req: &Incoming, api: &Mutex<Api>, id: u64) -> Reply {
    let put = req.method == "PUT";
    // A write's body is checked before the store is touched.
    let changes = match req.method.as_str() {
        "PUT" | "PATCH" => match json_body(req).and_then(|o| validate(&o, put).map(|()| o)) {
            Ok(o) => Some(o),
            Err(r) => return r,
        },
        _ => None,
    };
    let mut api = lock(api);
    let Some(current) = api.books.get(&id).cloned() else {
        return error(404, "not_found", &format!("No book with id {id}"));
    };
    match (req.method.as_str(), changes) {
        ("GET" | "HEAD", _) => {
            let tag = etag(&current);
            let matched = req
                .header("if-none-match")
                .is_some_and(|v| v.split(',').any(|t| t.trim() == tag || t.trim() == "*"));
            if matched {
                return Reply {
                    status: 304,
                    headers: vec![("ETag", tag)],
                    body: None,
                };
            }
            let mut r = reply(200, current);
            r.headers.push(("ETag", tag));
            r
        }
        (_, Some(changes)) => {
            // PUT replaces the whole book (omitted fields reset); PATCH merges (null clears).
            let mut book = if put {
                Map::new()
            } else {
                current.as_object().cloned().unwrap_or_default()
            };
            for (k, v) in changes {
                if FIELDS.contains(&k.as_str()) {
                    book.insert(k, v);
                }
            }
            book.insert("id".into(), json!(id));
            if book.get("status").is_some_and(Value::is_null) {
                book.remove("status");
            }
            let book = normalise(book);
            api.books.insert(id, book.clone());
            let mut r = reply(200, book.clone());
            r.headers.push(("ETag", etag(&book)));
            r
        }
        ("DELETE", _) => {
            api.books.remove(&id);
            Reply {
                status: 204,
                headers: vec![],
                body: None,
            }
        }
        _ => not_allowed("GET, PUT, PATCH, DELETE"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const BOOKS: &str = r#"[
        {"title": "Dune", "author": "Frank Herbert", "year": 1965, "status": "reading"},
        {"title": "Emma", "author": "Jane Austen", "status": "finished"}
    ]"#;

    /// Sends a raw HTTP request and returns (status, headers, body). A reply cut off by a
    /// reset (the server closing on unread input, under load) is sent again, up to 3 times.
    fn send(lab: &HttpLab, raw: &str) -> (u16, String, String) {
        let mut out = String::new();
        for _ in 0..3 {
            let mut stream = TcpStream::connect(lab.addr).expect("connects");
            let _ = stream.write_all(raw.as_bytes());
            let mut bytes = Vec::new();
            let _ = stream.read_to_end(&mut bytes);
            out = String::from_utf8_lossy(&bytes).into_owned();
            if out.starts_with("HTTP/1.1 ") {
                break;
            }
        }
        let (head, body) = out.split_once("\r\n\r\n").unwrap_or((&out, ""));
        let status = head
            .split_whitespace()
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        (status, head.to_string(), body.to_string())
    }

    fn get(lab: &HttpLab, path: &str, headers: &str) -> (u16, String, String) {
        send(
            lab,
            &format!("GET {path} HTTP/1.1\r\nHost: x\r\n{headers}\r\n"),
        )
    }

    fn with_body(
        lab: &HttpLab,
        method: &str,
        path: &str,
        ctype: &str,
        body: &str,
    ) -> (u16, String, String) {
        send(
            lab,
            &format!(
                "{method} {path} HTTP/1.1\r\nHost: x\r\nContent-Type: {ctype}\r\nContent-Length: {}\r\n\r\n{body}",
                body.len()
            ),
        )
    }

    fn task(check: &str) -> LabTask {
        LabTask {
            id: "t".into(),
            check: Some(check.into()),
            ..LabTask::default()
        }
    }

    #[test]
    fn the_practice_api_answers_like_the_bookshelf_api() {
        let lab = HttpLab::start(BOOKS).expect("starts");
        assert!(lab.url().starts_with("http://127.0.0.1:"));
        let (s, _, body) = get(&lab, "/books?status=reading", "");
        assert_eq!(s, 200);
        let v: Value = serde_json::from_str(&body).expect("json");
        assert_eq!(v["items"].as_array().map(Vec::len), Some(1));
        assert_eq!(get(&lab, "/books?status=lost", "").0, 422);

        assert_eq!(with_body(&lab, "POST", "/books", "text/plain", "{}").0, 415);
        assert_eq!(
            with_body(
                &lab,
                "POST",
                "/books",
                "application/json",
                r#"{"title": ""}"#
            )
            .0,
            422
        );
        let (s, head, _) = with_body(
            &lab,
            "POST",
            "/books",
            "application/json",
            r#"{"title": "Kindred", "author": "Octavia E. Butler"}"#,
        );
        assert_eq!(s, 201);
        assert!(head.contains("Location: /books/3"), "{head}");

        let (s, _, body) = with_body(
            &lab,
            "PATCH",
            "/books/1",
            "application/json",
            r#"{"rating": 5}"#,
        );
        assert_eq!(s, 200);
        let v: Value = serde_json::from_str(&body).expect("json");
        assert_eq!(
            (v["rating"].clone(), v["year"].clone()),
            (json!(5), json!(1965)),
            "PATCH keeps the rest"
        );
        let (_, _, body) = with_body(
            &lab,
            "PUT",
            "/books/1",
            "application/json",
            r#"{"title": "Dune", "author": "Frank Herbert"}"#,
        );
        let v: Value = serde_json::from_str(&body).expect("json");
        assert_eq!(
            (v["rating"].clone(), v["year"].clone()),
            (Value::Null, Value::Null),
            "PUT replaces"
        );
        assert_eq!(v["status"], "want_to_read");

        let (s, head, _) = get(&lab, "/books/2", "");
        assert_eq!(s, 200);
        let tag = head
            .lines()
            .find_map(|l| l.strip_prefix("ETag: "))
            .expect("an ETag")
            .to_string();
        let (s, _, body) = get(&lab, "/books/2", &format!("If-None-Match: {tag}\r\n"));
        assert_eq!((s, body.as_str()), (304, ""));

        assert_eq!(send(&lab, "DELETE /books/2 HTTP/1.1\r\n\r\n").0, 204);
        assert_eq!(send(&lab, "DELETE /books/2 HTTP/1.1\r\n\r\n").0, 404);
        let (s, head, _) = send(&lab, "PUT /books HTTP/1.1\r\n\r\n");
        assert_eq!(s, 405);
        assert!(head.contains("Allow: GET, POST"));
    }

    #[test]
    fn auth_rate_limits_and_checks() {
        let lab = HttpLab::start(BOOKS).expect("starts");
        let (s, head, _) = get(&lab, "/admin/stats", "");
        assert_eq!(s, 401);
        assert!(head.contains("WWW-Authenticate: Bearer"), "{head}");
        assert_eq!(
            get(
                &lab,
                "/admin/stats",
                "Authorization: Bearer learner-token\r\n"
            )
            .0,
            403
        );
        assert_eq!(
            get(
                &lab,
                "/admin/stats",
                "Authorization: Bearer admin-token\r\n"
            )
            .0,
            200
        );
        assert_eq!(get(&lab, "/me", "Authorization: Bearer nope\r\n").0, 401);
        for _ in 0..3 {
            assert_eq!(get(&lab, "/limited", "").0, 200);
        }
        let (s, head, _) = get(&lab, "/limited", "");
        assert_eq!(s, 429);
        assert!(head.contains("Retry-After: "), "{head}");

        assert_eq!(
            lab.check(&task(
                "seen GET /admin/stats 401 without-header Authorization"
            )),
            Verdict::Solved
        );
        assert_eq!(
            lab.check(&task("seen GET /admin/stats 403 with-header authorization")),
            Verdict::Solved
        );
        assert_eq!(lab.check(&task("seen GET /limited 429")), Verdict::Solved);
        let v = lab.check(&task("seen GET /me 200 with-header Authorization"));
        assert!(matches!(v, Verdict::NotYet(m) if m.contains("GET /me")));
        let v = lab.check(&task("seen POST /books 201 with-json"));
        assert!(matches!(v, Verdict::NotYet(_)));
        assert!(
            matches!(lab.check(&task("something odd")), Verdict::NotYet(m) if m.contains("not understood"))
        );
    }

    #[test]
    fn a_path_with_escape_sequences_is_logged_escaped() {
        let lab = HttpLab::start(BOOKS).expect("starts");
        let (status, _, _) = send(&lab, "GET /books\u{1b}[2J\u{202e} HTTP/1.1\r\n\r\n");
        assert_eq!(status, 404);
        let line = lab.requests()[0].summary();
        assert_eq!(line, "404 GET /books\\u{1b}[2J\\u{202e}");
    }

    #[test]
    fn hostile_requests_get_errors_and_the_server_survives() {
        let lab = HttpLab::start(BOOKS).expect("starts");
        assert_eq!(send(&lab, "garbage\r\n\r\n").0, 400);
        let huge = format!(
            "POST /books HTTP/1.1\r\nContent-Length: {}\r\n\r\n",
            MAX_BODY + 1
        );
        assert_eq!(send(&lab, &huge).0, 413);
        let long_header = format!("GET /books HTTP/1.1\r\nX: {}\r\n\r\n", "a".repeat(MAX_HEAD));
        assert_eq!(send(&lab, &long_header).0, 431);
        let many: Vec<_> = (0..50)
            .map(|_| TcpStream::connect(lab.addr).expect("connects"))
            .collect();
        drop(many);
        // Connections over the cap are closed at once; once the burst drains it answers again.
        let deadline = Instant::now() + Duration::from_secs(5);
        let mut status = 0;
        while status != 200 && Instant::now() < deadline {
            status = get(&lab, "/books", "").0;
            thread::sleep(Duration::from_millis(20));
        }
        assert_eq!(status, 200, "still answering");
        assert_eq!(
            lab.count(),
            1,
            "unreadable requests aren't logged as the learner's"
        );
    }

    #[test]
    fn the_server_listens_on_loopback_only_and_stops_with_the_lab() {
        let lab = HttpLab::start("[]").expect("starts");
        let addr = lab.addr;
        assert!(addr.ip().is_loopback());
        drop(lab);
        thread::sleep(Duration::from_millis(100));
        let after = TcpStream::connect_timeout(&addr, Duration::from_millis(300));
        assert!(after.is_err(), "the port is closed once the lab closes");
        assert!(matches!(
            HttpLab::start("{not json"),
            Err(HttpError::BadSetup(_))
        ));
    }
}
