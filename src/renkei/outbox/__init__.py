"""The outbox: mail rendered into rows and delivered apart from any database write, and the
follow-up tasks of a committed write, each kept until it is on the queue."""
