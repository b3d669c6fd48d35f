"""The reporting rounds' outer edge: the `python app.py user-regions | user-email | rounds` commands in `cli`.
The rules themselves (periods, scopes, batches, the round) are `data.workflow`; the state grid is
`figures.rounds`."""
