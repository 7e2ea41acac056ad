"""Performance measurements of flowsim against a minimal SimPy model and Ciw (``make bench``)."""
