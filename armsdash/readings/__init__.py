"""What the numbers mean: pure functions from metric DataFrames to what pages say."""
