window.YTD.account.part0 = [
  {
    "account": {
      "createdVia": "web",
      "username": "synthetic_owl_42",
      "accountId": "1500000000000000042",
      "createdAt": "2019-05-01T12:00:00.000Z",
      "accountDisplayName": "Owl (synthetic)"
    }
  }
]
