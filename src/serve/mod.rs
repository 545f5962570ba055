//! `tandem serve`: participants answer in their browser, each into an ordinary answers
//! file in one folder; a facilitator page shows progress and the live group report.
//!
//! [`start`] binds and serves on its own threads and returns the addresses to show;
//! [`Server::stop`] stops taking answers, lets writes in flight finish, and returns
//! what was collected. Nothing here prints.

pub mod facilitator;
pub mod flow;
pub mod fpages;
pub mod http;
pub mod limits;
pub mod live;
pub mod pages;
pub mod participant;
pub mod reply;
pub mod report;
pub mod routes;
pub mod security;
pub mod sessions;
pub mod state;

pub use limits::{JOINS_PER_CLIENT, MAX_PARTICIPANTS};
pub use report::ReportOptions;

use crate::error::{Error, Result};
use crate::questionnaire::Questionnaire;
use state::{Settings, State};
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

/// Largest request body accepted (a five-whys page with every field full fits easily).
pub const BODY_LIMIT: usize = 64 * 1024;

/// What `tandem serve` was asked for.
#[derive(Debug, Clone)]
pub struct Options {
    pub questionnaire: Questionnaire,
    pub dir: PathBuf,
    pub listen: SocketAddr,
    pub report: ReportOptions,
    /// Ask participants their name (`--names`); never with `report.anonymous`.
    pub names: bool,
    /// Participants taken in total (`--max-participants`).
    pub max_participants: usize,
    /// Joins one client address may make at once, then one a minute
    /// (`--joins-per-client`; raised for a load test from one machine).
    pub joins_per_client: u32,
}

impl Options {
    /// The defaults for a room, with the privacy options given.
    pub fn new(questionnaire: Questionnaire, dir: PathBuf, listen: SocketAddr) -> Options {
        Options {
            questionnaire,
            dir,
            listen,
            report: ReportOptions {
                anonymous: false,
                min_group: None,
            },
            names: false,
            max_participants: MAX_PARTICIPANTS,
            joins_per_client: JOINS_PER_CLIENT,
        }
    }
}

/// A running server.
pub struct Server {
    runtime: tokio::runtime::Runtime,
    state: Arc<State>,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    task: tokio::task::JoinHandle<()>,
    /// The address bound (the port is the real one when 0 was asked for).
    pub addr: SocketAddr,
    /// Participants already in the folder from an earlier run.
    pub resumed: usize,
    /// Files in the folder made private (0600) at start: an earlier version's.
    pub tightened: usize,
}

/// What a session collected, for the closing message.
#[derive(Debug, Clone, PartialEq)]
pub struct Summary {
    pub dir: PathBuf,
    pub joined: usize,
    pub finished: usize,
}

/// Opens the folder, binds the address and starts serving.
pub fn start(o: Options) -> Result<Server> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_io()
        .enable_time()
        .thread_name("tandem-serve")
        .build()
        .map_err(|e| Error::Input(format!("cannot start the server: {e}")))?;
    let listener = runtime
        .block_on(async { listen(o.listen) })
        .map_err(|e| bind_error(o.listen, e))?;
    let addr = listener.local_addr().map_err(|e| bind_error(o.listen, e))?;
    let base_url = format!(
        "http://{}",
        SocketAddr::new(public_host(addr.ip()), addr.port())
    );
    if o.names && o.report.anonymous {
        return Err(Error::Usage(
            "--names and --anonymous contradict each other: choose one".into(),
        ));
    }
    let settings = Settings {
        report: o.report,
        names: o.names,
        max_participants: o.max_participants,
        joins_per_client: o.joins_per_client,
    };
    let state = Arc::new(State::open(o.questionnaire, &o.dir, settings, base_url)?);
    let resumed = state.all().len();
    let tightened = state.tightened;
    let app = routes::router(state.clone(), BODY_LIMIT);
    // The flusher: saved files reach the disk within half a second, in one call.
    let flusher = state.clone();
    runtime.spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_millis(500));
        loop {
            tick.tick().await;
            let st = flusher.clone();
            let _ = tokio::task::spawn_blocking(move || st.flush_if_dirty()).await;
        }
    });
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    // Idle keep-alive connections close at once; a stuck one gets ten seconds.
    let task = runtime.spawn(http::serve(listener, app, rx, Duration::from_secs(10)));
    Ok(Server {
        runtime,
        state,
        stop: Some(tx),
        task,
        addr,
        resumed,
        tightened,
    })
}

/// Binds with a queue long enough for a room that joins at the same moment (the
/// system's default of 1,024 pending connections is tokio's too; the kernel caps it at
/// its own maximum).
fn listen(addr: SocketAddr) -> std::io::Result<tokio::net::TcpListener> {
    let socket = if addr.is_ipv4() {
        tokio::net::TcpSocket::new_v4()?
    } else {
        tokio::net::TcpSocket::new_v6()?
    };
    // As `TcpListener::bind` does: a restarted server can take its port back at once.
    #[cfg(unix)]
    socket.set_reuseaddr(true)?;
    socket.bind(addr)?;
    socket.listen(4096)
}

fn bind_error(addr: SocketAddr, e: std::io::Error) -> Error {
    let why = match e.kind() {
        std::io::ErrorKind::AddrInUse => {
            "the port is in use (choose another with --listen ADDR:PORT)".to_string()
        }
        std::io::ErrorKind::AddrNotAvailable => "this computer has no such address".to_string(),
        std::io::ErrorKind::PermissionDenied => {
            "not allowed to listen there (ports below 1024 need privileges)".to_string()
        }
        _ => e.to_string(),
    };
    Error::Input(format!("cannot listen on {addr}: {why}"))
}

/// The address people type: for a server listening on every interface, the one this
/// computer uses on its network (found without sending anything), else the one bound.
fn public_host(bound: IpAddr) -> IpAddr {
    if !bound.is_unspecified() {
        return bound;
    }
    // Connecting a UDP socket only picks a route; no packet leaves the machine.
    std::net::UdpSocket::bind("0.0.0.0:0")
        .and_then(|s| s.connect("192.0.2.1:9").map(|_| s))
        .and_then(|s| s.local_addr())
        .map(|a| a.ip())
        .unwrap_or(bound)
}

impl Server {
    pub fn join_code(&self) -> &str {
        &self.state.code
    }
    /// The participants' address (what the QR code holds).
    pub fn join_url(&self) -> String {
        self.state.join_url()
    }
    /// The facilitator's page, with its secret.
    pub fn facilitator_url(&self) -> String {
        format!("{}/f/{}", self.state.base_url, self.state.secret)
    }
    pub fn dir(&self) -> &std::path::Path {
        &self.state.dir
    }

    /// Stops taking answers, lets requests in flight (and their writes) finish, and
    /// says what was collected.
    pub fn stop(mut self) -> Result<Summary> {
        self.state.set_open(false);
        if let Some(tx) = self.stop.take() {
            let _ = tx.send(());
        }
        let task = self.task;
        let _ = self
            .runtime
            .block_on(async { tokio::time::timeout(Duration::from_secs(11), task).await });
        // What was saved reaches the disk before the summary says where it is.
        self.state.flush_if_dirty()?;
        let counts = self.runtime.block_on(self.state.counts());
        Ok(Summary {
            dir: self.state.dir.clone(),
            joined: counts.joined,
            finished: counts.finished,
        })
    }
}

/// The QR code of `url` for a terminal: two rows per character with half blocks and a
/// quiet zone. Light modules are the blocks, for the usual dark terminal background.
pub fn qr_text(url: &str) -> Option<String> {
    let code = qrcode::QrCode::new(url.as_bytes()).ok()?;
    Some(
        code.render::<qrcode::render::unicode::Dense1x2>()
            .dark_color(qrcode::render::unicode::Dense1x2::Light)
            .light_color(qrcode::render::unicode::Dense1x2::Dark)
            .quiet_zone(true)
            .build(),
    )
}

/// The QR code of `url` as an inline SVG element for the facilitator page.
pub fn qr_svg(url: &str) -> Option<String> {
    let code = qrcode::QrCode::new(url.as_bytes()).ok()?;
    let svg = code
        .render::<qrcode::render::svg::Color>()
        .min_dimensions(200, 200)
        .quiet_zone(true)
        .build();
    // Inline in HTML: without the XML declaration.
    Some(match svg.find("<svg") {
        Some(i) => svg[i..].to_string(),
        None => svg,
    })
}
