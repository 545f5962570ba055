//! SIGINT, SIGTERM and SIGHUP at the binary's edge. Outside an interview, a signal
//! ends the run at once, after removing any temporary file a write left behind (the
//! target is untouched: renames are atomic). During an interview, it is recorded for
//! the prompt in progress, which stops the interview cleanly with the answers saved.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, OnceLock};

/// The running interview's "interrupted" flag, once there is one.
static INTERVIEW: OnceLock<Arc<AtomicBool>> = OnceLock::new();

/// Starts the thread that handles signals. Called once, at start-up.
pub fn install() {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP]) else {
        return; // without handlers the default actions apply, which is still correct
    };
    std::thread::spawn(move || {
        for sig in signals.forever() {
            if let Some(flag) = INTERVIEW.get() {
                flag.store(true, Ordering::SeqCst);
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
    let _ = INTERVIEW.set(flag);
}
