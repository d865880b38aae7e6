"""Tables stage: comparison tables as classified DataFrames, the analyses the table rules need
(ranks, Kendall's tau, Pareto fronts), plots and export.

`frame.build_frames(document)` is the entry point (the engine calls it lazily through
`Context.frames`); `columns` classifies a column from its header, caption and cells, and
`analysis` holds the pure arithmetic. pandas and matplotlib are imported only inside the
functions that need them, so importing this package costs nothing.
"""
