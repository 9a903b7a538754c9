"""`kivoucher-slurm`: the site agent that connects a data centre's Slurm to the
KI-Voucher platform through its public API only (no database access)."""
