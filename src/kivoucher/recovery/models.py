"""Receivables, recovery cases (Rückforderung) and objections (Widerspruch)."""
