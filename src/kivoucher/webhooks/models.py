"""Webhook endpoints of organisations, the event outbox and the delivery log."""
