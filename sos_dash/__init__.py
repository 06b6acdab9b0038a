"""S-O-S naloxone data dashboard: the library behind the Streamlit pages."""
