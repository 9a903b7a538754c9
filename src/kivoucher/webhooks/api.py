"""Webhook endpoints of an organisation (Standard Webhooks)."""

from ninja import Router

router = Router()
