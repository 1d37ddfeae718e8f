"""What the outbox tells the rest of renkei."""

from django.dispatch import Signal

# Sent once a mail is given up for good (a 5xx answer, the retries or the outage ran out), with
# ``mail`` (an OutgoingMail): the app whose mail it was can tell a person who can act on it.
mail_given_up = Signal()
