"""Alert delivery: the outbox, the dispatcher and the email and WhatsApp channels.

The in-app inbox is the `alerts` table itself, so it needs no channel.
"""
