"""AE vs VAE lab: data, models, training and the checkpoint store (no Streamlit here)."""
