"""The fal engine: the one place that touches the network."""
