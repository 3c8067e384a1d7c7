//! The one queue the event loop sleeps on: terminal events, read by a
//! thread of their own, and nudges from background work (a search's
//! results are ready). The loop wakes the moment either comes, instead of
//! looking for results on a timer.
//!
//! This module only carries events; it never interprets a key and never
//! touches the application's state.

use crossterm::event::{self, Event};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::time::Duration;

/// Why the event loop woke up.
#[derive(Debug)]
pub enum Wake {
    /// A key, a mouse event, a resize, a paste.
    Terminal(Event),
    /// Background work has news: look for it.
    Nudge,
    /// The terminal could not be read (its input closed): the loop ends.
    Failed(std::io::Error),
    /// A signal that ends the reader (SIGTERM, SIGHUP, SIGINT, SIGQUIT).
    Signal(i32),
    /// SIGTSTP: give the terminal back and stop until continued.
    Suspend,
}

/// The queue, with the thread that reads the terminal into it.
pub struct Wakeups {
    sender: Sender<Wake>,
    receiver: Receiver<Wake>,
}

/// Lets background work wake the event loop; cheap to clone.
#[derive(Debug, Clone)]
pub struct Nudger(Sender<Wake>);

impl Nudger {
    /// Wakes the loop (nothing happens once the loop is gone).
    pub fn nudge(&self) {
        let _ = self.0.send(Wake::Nudge);
    }
}

impl Wakeups {
    /// Starts reading the terminal on a thread of its own. The thread
    /// ends after the loop is gone, at the next event, or with the process.
    pub fn start() -> std::io::Result<Wakeups> {
        let wakeups = Wakeups::without_terminal();
        let sender = wakeups.sender.clone();
        std::thread::Builder::new()
            .name("terminal-input".into())
            .spawn(move || {
                loop {
                    let wake = match event::read() {
                        Ok(event) => Wake::Terminal(event),
                        Err(err) => Wake::Failed(err),
                    };
                    let failed = matches!(wake, Wake::Failed(_));
                    if sender.send(wake).is_err() || failed {
                        return;
                    }
                }
            })?;
        Ok(wakeups)
    }

    /// A queue fed only by nudges (and whatever is sent through
    /// [`Wakeups::sender`]): for tests.
    pub fn without_terminal() -> Wakeups {
        let (sender, receiver) = channel();
        Wakeups { sender, receiver }
    }

    /// A handle for background work to wake the loop with.
    pub fn nudger(&self) -> Nudger {
        Nudger(self.sender.clone())
    }

    /// Where terminal events and signals go in.
    pub fn sender(&self) -> Sender<Wake> {
        self.sender.clone()
    }

    /// Waits for the next wake-up: as long as it takes (`None`), or at
    /// most `timeout`, after which it returns `None`.
    pub fn next(&self, timeout: Option<Duration>) -> Option<Wake> {
        match timeout {
            // The queue holds a sender of its own, so it never disconnects.
            None => self.receiver.recv().ok(),
            Some(timeout) => self.receiver.recv_timeout(timeout).ok(),
        }
    }

    /// The next wake-up already queued, without waiting.
    pub fn try_next(&self) -> Option<Wake> {
        self.receiver.try_recv().ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

    #[test]
    fn nudges_and_events_come_out_in_the_order_they_went_in() {
        let wakeups = Wakeups::without_terminal();
        let nudger = wakeups.nudger();
        let key = Event::Key(KeyEvent::new(KeyCode::Char('x'), KeyModifiers::NONE));
        wakeups
            .sender()
            .send(Wake::Terminal(key.clone()))
            .expect("queue");
        std::thread::spawn(move || nudger.nudge())
            .join()
            .expect("nudging thread");
        assert!(matches!(wakeups.next(None), Some(Wake::Terminal(e)) if e == key));
        assert!(matches!(wakeups.try_next(), Some(Wake::Nudge)));
        assert!(wakeups.try_next().is_none());
        assert!(wakeups.next(Some(Duration::from_millis(1))).is_none());
    }
}
