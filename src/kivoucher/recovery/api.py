"""Recovery cases, receivables and objections."""

from ninja import Router

router = Router()
