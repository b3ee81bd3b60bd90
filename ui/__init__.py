"""Streamlit glue (glue.py), pure plotly figure builders (figures.py) and the EN/PL texts (text.py)."""
