"""Signals for application code that must remember what happened on the sockets."""

from django.dispatch import Signal

#: Sent once per alert, after `alert_acknowledged` went out; kwargs: alert (dict), ack (the
#: frame), user. Receivers run in a thread and may use the ORM (e.g. to store the ack).
alert_acknowledged = Signal()
