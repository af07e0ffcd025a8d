"""The only modules besides pages that import Streamlit: cache, the view and its URL, widgets, blocks."""
