//! `tandem serve`'s edge: flags, the addresses and QR code printed for the room, and
//! Ctrl-C. The server itself is [`crate::serve`].

use super::Ui;
use crate::error::Exit;
use crate::questionnaire;
use crate::sanitize::plain;
use crate::serve::{self, Options, ReportOptions};
use std::io::Write;
use std::net::SocketAddr;
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub struct ServeArgs {
    /// Questionnaire: a built-in name or a file
    #[arg(short = 'q', long = "questionnaire", value_name = "Q", default_value = questionnaire::DEFAULT)]
    pub questionnaire: String,
    /// The folder answers files are written to (created if needed); serving the same
    /// folder again carries on
    #[arg(long, value_name = "FOLDER", default_value = "answers")]
    pub dir: PathBuf,
    /// Address and port to listen on; the default is this computer only. Use
    /// 0.0.0.0:8080 for phones on the room's network
    #[arg(long, value_name = "ADDR:PORT", default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,
    /// The report leaves out names, file names, dates and the per-respondent table, and
    /// implies --min-group 3 unless it is given
    #[arg(long, conflicts_with = "names")]
    pub anonymous: bool,
    /// Ask participants their name (optional for them); without it nobody is asked
    #[arg(long)]
    pub names: bool,
    /// No role apart with fewer than N people, on the facilitator page and in the report
    /// (smaller roles are combined); the live report changes only when no comparison of
    /// its versions can single out fewer than N people
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..=10_000))]
    pub min_group: Option<u64>,
    /// Participants the session takes in total; further joins are refused
    #[arg(long, value_name = "N", default_value_t = serve::MAX_PARTICIPANTS as u64,
          value_parser = clap::value_parser!(u64).range(1..=1_000_000))]
    pub max_participants: u64,
    /// Joins one address may make at once (then one a minute): raise it for a load
    /// test from one machine
    #[arg(long, value_name = "N", default_value_t = serve::JOINS_PER_CLIENT as u64,
          value_parser = clap::value_parser!(u64).range(1..=1_000_000))]
    pub joins_per_client: u64,
}

pub fn run(a: ServeArgs, ui: Ui, out: &mut dyn Write, err: &mut dyn Write) -> anyhow::Result<Exit> {
    let (_, q) = questionnaire::resolve(&a.questionnaire)?;
    // Titles and folder names come from files anyone can write: through the one
    // sanitising gate before they reach the terminal.
    let title = plain(&q.title);
    let local_only = a.listen.ip().is_loopback();
    let server = serve::start(Options {
        report: ReportOptions {
            anonymous: a.anonymous,
            min_group: a.min_group.map(|n| n as usize),
        },
        names: a.names,
        max_participants: a.max_participants as usize,
        joins_per_client: a.joins_per_client.min(u64::from(u32::MAX)) as u32,
        ..Options::new(q, a.dir.clone(), a.listen)
    })?;
    // Ctrl-C only wakes this thread; the server stops cleanly below.
    let (tx, rx) = std::sync::mpsc::channel::<()>();
    super::signals::route_to_channel(tx);

    let join = server.join_url();
    let mut text = format!("tandem serve: {title}\n\n");
    if local_only {
        text.push_str(&format!(
            "Listening on {} (this computer only; use --listen 0.0.0.0:{} for phones on the network).\n\n",
            server.addr,
            server.addr.port()
        ));
    } else {
        text.push_str(&format!(
            "NOTICE: listening on the network at {}: anyone who can reach this computer and has the join code can answer.\n\n",
            server.addr
        ));
    }
    text.push_str(&format!(
        "Participants: {join}\nJoin code:    {}\n",
        server.join_code()
    ));
    if let Some(qr) = serve::qr_text(&join) {
        text.push('\n');
        text.push_str(&qr);
        text.push('\n');
    }
    text.push_str(&format!(
        "\nFacilitator (keep this private): {}\n",
        server.facilitator_url()
    ));
    if server.resumed > 0 {
        text.push_str(&format!(
            "Carrying on: {} participants from an earlier run of this folder.\n",
            server.resumed
        ));
    }
    if server.tightened > 0 {
        text.push_str(&format!(
            "Made {} files in the folder readable by you only (they were readable by others).\n",
            server.tightened
        ));
    }
    text.push_str(&format!(
        "Answers go to {} (readable by you only). Ctrl-C stops.\n",
        plain(&server.dir().display().to_string())
    ));
    super::output::write_out("the addresses", out, &text)?;

    let _ = rx.recv();
    ui.note(
        err,
        "\nStopping: answering is closed; finishing the writes in flight.",
    );
    let s = server.stop()?;
    let dir = plain(&s.dir.display().to_string());
    let _ = writeln!(
        out,
        "{} participants, {} finished. Answers are in {dir}\nScore them with: tandem score {}",
        s.joined,
        s.finished,
        shell_word(&dir)
    );
    let _ = out.flush();
    Ok(Exit::Ok)
}

/// A path as one shell word (quoted when it needs to be), for a command to copy.
fn shell_word(s: &str) -> String {
    if !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "/._-+:,@".contains(c))
    {
        s.to_string()
    } else {
        format!("'{}'", s.replace('\'', "'\\''"))
    }
}
