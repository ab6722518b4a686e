"""The head's reception by appointment (seed 002): slots the office publishes, residents'
bookings (one per slot, held by the database), and the record of a reception, which becomes an
appeal with the channel «личный приём» through the appeals services (59-FZ terms)."""
