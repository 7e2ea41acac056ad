"""Everything the office manager's app says and offers, as plain library functions.

The Streamlit page (``flowsim/app.py``) only lays widgets out; what they mean lives
here, so it can be tested without a browser and reused by anyone: the clinic in plain
words, headline sentences with their intervals, the comparison run, and the
one-page summary a manager can forward.
"""

# The names are imported on first use (their imports are in __init__.pyi): the app's first page
# draws her clinic's map from a few light modules before anything imports pandas or plotly.
import lazy_loader

__getattr__, __dir__, __all__ = lazy_loader.attach_stub(__name__, __file__)
