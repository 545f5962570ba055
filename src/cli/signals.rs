//! SIGINT, SIGTERM and SIGHUP at the binary's edge. By default a signal ends the run
//! at once, after removing any temporary file a write left behind (the target is
//! untouched: renames are atomic). A command that stops cleanly by itself (the
//! interview, the server) routes signals to itself instead.
//!
//! The handling thread starts only when it has work: before the first temporary file
//! (see [`crate::atomic::before_first_temporary`]) or when a command routes signals.
//! Until then the default actions apply, which end the process just the same; `list`
//! or scoring one file to stdout need no thread.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

type Handler = Box<dyn Fn() + Send + Sync>;

/// Where signals go instead of ending the process, once a command says so.
static ROUTE: OnceLock<Handler> = OnceLock::new();

/// Starts the thread that handles signals, the first time it is called. The handlers
/// are in place when this returns, so a temporary file created after it is covered.
pub fn install() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(start);
}

/// Elsewhere than on Unix (Windows) signal-hook has no signal iterator and no SIGHUP:
/// Ctrl-C keeps its default action and ends the process; a write's temporary file may
/// stay behind, its target still whole.
#[cfg(not(unix))]
fn start() {}

#[cfg(unix)]
fn start() {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP]) else {
        return; // without handlers the default actions apply, which is still correct
    };
    std::thread::spawn(move || {
        for sig in signals.forever() {
            if let Some(handler) = ROUTE.get() {
                handler();
                continue;
            }
            crate::atomic::remove_temporaries();
            // 128 + the signal number, as shells report a process a signal ended.
            std::process::exit(128 + sig);
        }
    });
}

/// From now on signals interrupt the interview instead of ending the process.
pub fn route_to_interview(flag: Arc<AtomicBool>) {
    let _ = ROUTE.set(Box::new(move || flag.store(true, Ordering::SeqCst)));
    install();
}

/// From now on signals are sent to `tx` instead of ending the process.
pub fn route_to_channel(tx: std::sync::mpsc::Sender<()>) {
    let tx = Mutex::new(tx);
    let _ = ROUTE.set(Box::new(move || {
        if let Ok(tx) = tx.lock() {
            let _ = tx.send(());
        }
    }));
    install();
}
