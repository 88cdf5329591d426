"""Evaluation: pure Python over the plain `argmap.graph.Graph`, no Django import."""
