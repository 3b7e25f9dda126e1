"""Pure measures: frame in, frame or number out; each states its definition."""
