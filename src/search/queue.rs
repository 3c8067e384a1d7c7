//! A bound on the documents waiting in the index writer's queue.
//!
//! tantivy's writer queues up to ten thousand documents for its indexing
//! threads; when articles are parsed faster than they are indexed, that
//! queue holds ten thousand articles' text (some 80 MB of a realistic
//! corpus) on top of the reader. Each document sent here carries a ticket
//! that is given back when the writer is done with the document (it drops
//! it once indexed), and
//! [`Queue::wait_for_room`] holds the senders while [`MAX_WAITING`]
//! tickets are out. It never changes a document.

use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;
use tantivy::TantivyDocument;
use tantivy::schema::document::Document;

/// Most documents waiting for the writer's threads: a few hundred keep
/// both of them busy.
pub const MAX_WAITING: usize = 256;

/// The tickets out, shared by the senders and the documents.
#[derive(Debug, Clone, Default)]
pub struct Queue {
    waiting: Arc<(Mutex<usize>, Condvar)>,
}

impl Queue {
    /// Waits while [`MAX_WAITING`] documents are queued, or until `give_up`
    /// says to stop waiting (checked every tenth of a second).
    pub fn wait_for_room(&self, give_up: &dyn Fn() -> bool) {
        let (count, room) = &*self.waiting;
        let mut waiting = count.lock().unwrap_or_else(|p| p.into_inner());
        while *waiting >= MAX_WAITING && !give_up() {
            waiting = match room.wait_timeout(waiting, Duration::from_millis(100)) {
                Ok((waiting, _)) => waiting,
                Err(poisoned) => poisoned.into_inner().0,
            };
        }
    }

    /// `document` with a ticket of this queue.
    pub fn ticket(&self, document: TantivyDocument) -> Queued {
        let (count, _) = &*self.waiting;
        *count.lock().unwrap_or_else(|p| p.into_inner()) += 1;
        Queued {
            document,
            _ticket: Ticket(Arc::clone(&self.waiting)),
        }
    }

    /// How many documents are queued now.
    #[cfg(test)]
    pub fn len(&self) -> usize {
        *self.waiting.0.lock().unwrap_or_else(|p| p.into_inner())
    }

    #[cfg(test)]
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Given back (dropped) with its document.
#[derive(Debug)]
struct Ticket(Arc<(Mutex<usize>, Condvar)>);

impl Drop for Ticket {
    fn drop(&mut self) {
        let (count, room) = &*self.0;
        let mut waiting = count.lock().unwrap_or_else(|p| p.into_inner());
        *waiting = waiting.saturating_sub(1);
        room.notify_all();
    }
}

/// A document on its way to the writer, with its ticket.
#[derive(Debug)]
pub struct Queued {
    document: TantivyDocument,
    _ticket: Ticket,
}

impl Document for Queued {
    type Value<'a> = <TantivyDocument as Document>::Value<'a>;
    type FieldsValuesIter<'a> = <TantivyDocument as Document>::FieldsValuesIter<'a>;

    fn iter_fields_and_values(&self) -> Self::FieldsValuesIter<'_> {
        self.document.iter_fields_and_values()
    }

    /// The document itself (its ticket is given back).
    fn into_tantivy_document(self) -> TantivyDocument {
        self.document
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_ticket_is_given_back_when_its_document_is_taken_or_dropped() {
        let queue = Queue::default();
        let first = queue.ticket(TantivyDocument::default());
        let second = queue.ticket(TantivyDocument::default());
        assert_eq!(queue.len(), 2);
        let _document = first.into_tantivy_document();
        assert_eq!(queue.len(), 1);
        drop(second);
        assert!(queue.is_empty());
    }

    #[test]
    fn senders_wait_while_the_queue_is_full() {
        let queue = Queue::default();
        let tickets: Vec<Queued> = (0..MAX_WAITING)
            .map(|_| queue.ticket(TantivyDocument::default()))
            .collect();
        let sender = {
            let queue = queue.clone();
            std::thread::spawn(move || {
                queue.wait_for_room(&|| false);
                queue.len()
            })
        };
        std::thread::sleep(Duration::from_millis(50));
        assert!(!sender.is_finished(), "the sender waits for room");
        drop(tickets);
        // It goes on once there is room (the tickets are given back one by
        // one: it may wake before the last).
        assert!(sender.join().expect("the sender ends") < MAX_WAITING);
        // Giving up ends the wait at once.
        let _full: Vec<Queued> = (0..MAX_WAITING)
            .map(|_| queue.ticket(TantivyDocument::default()))
            .collect();
        queue.wait_for_room(&|| true);
    }
}
