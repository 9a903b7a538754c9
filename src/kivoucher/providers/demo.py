def load(ctx):
    return None
