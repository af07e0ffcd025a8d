"""Arms-supply dependency dashboard: the logic behind the Streamlit pages.

Data flows one way: CSV (seed or upload) -> validation -> DuckDB tables ->
SQL files in ``queries/`` -> DataFrame -> Plotly figure -> Streamlit page.
"""
