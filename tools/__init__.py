"""Project tools: the contract-test runner and its hooks, the evidence report."""
