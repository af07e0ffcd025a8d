"""Figure builders: DataFrame in, Plotly figure out; palette and exports. No Streamlit, no SQL."""
