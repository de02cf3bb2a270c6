window.YTD.tweets.part0 = [
  {
    "tweet": {
      "edit_info": {
        "initial": {
          "editTweetIds": [
            "1879000000000000001"
          ],
          "editableUntil": "2025-01-14T04:12:45.000Z",
          "editsRemaining": "5",
          "isEditEligible": true
        }
      },
      "retweeted": false,
      "source": "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities": {
        "hashtags": [
          {
            "text": "TikTokRefugee",
            "indices": [
              "0",
              "0"
            ]
          }
        ],
        "symbols": [],
        "user_mentions": [],
        "urls": [],
        "media": [
          {
            "media_url_https": "https://pbs.example.invalid/media/0001.jpg",
            "type": "photo",
            "id_str": "18790000000000000019"
          }
        ]
      },
      "display_text_range": [
        "0",
        "58"
      ],
      "favorite_count": "120",
      "id_str": "1879000000000000001",
      "truncated": false,
      "retweet_count": "31",
      "id": "1879000000000000001",
      "created_at": "Tue Jan 14 03:12:45 +0000 2025",
      "favorited": false,
      "full_text": "RedNote &amp; the cat tax: a thread 🧵 #TikTokRefugee &lt;3",
      "lang": "en",
      "extended_entities": {
        "media": [
          {
            "media_url_https": "https://pbs.example.invalid/media/0001.jpg",
            "type": "photo",
            "id_str": "18790000000000000019"
          }
        ]
      }
    }
  },
  {
    "tweet": {
      "edit_info": {
        "initial": {
          "editTweetIds": [
            "1879000000000000002"
          ],
          "editableUntil": "2025-01-14T04:12:45.000Z",
          "editsRemaining": "5",
          "isEditEligible": true
        }
      },
      "retweeted": false,
      "source": "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities": {
        "hashtags": [
          {
            "text": "RedNote",
            "indices": [
              "0",
              "0"
            ]
          }
        ],
        "symbols": [],
        "user_mentions": [],
        "urls": []
      },
      "display_text_range": [
        "0",
        "40"
      ],
      "favorite_count": "8",
      "id_str": "1879000000000000002",
      "truncated": false,
      "retweet_count": "0",
      "id": "1879000000000000002",
      "created_at": "Tue Jan 14 03:20:00 +0000 2025",
      "favorited": false,
      "full_text": "@synthetic_owl_42 猫税の文化、日本にもほしい #RedNote",
      "lang": "ja",
      "in_reply_to_status_id_str": "1879000000000000001",
      "in_reply_to_status_id": "1879000000000000001",
      "in_reply_to_user_id_str": "1500000000000000042",
      "in_reply_to_screen_name": "synthetic_owl_42"
    }
  },
  {
    "tweet": {
      "edit_info": {
        "initial": {
          "editTweetIds": [
            "1880000000000000003"
          ],
          "editableUntil": "2025-01-14T04:12:45.000Z",
          "editsRemaining": "5",
          "isEditEligible": true
        }
      },
      "retweeted": false,
      "source": "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities": {
        "hashtags": [],
        "symbols": [],
        "user_mentions": [],
        "urls": []
      },
      "display_text_range": [
        "0",
        "3"
      ],
      "favorite_count": "3",
      "id_str": "1880000000000000003",
      "truncated": false,
      "retweet_count": "1",
      "id": "1880000000000000003",
      "created_at": "Sun Jan 19 04:00:00 +0000 2025",
      "favorited": false,
      "full_text": "🐱🐱🐱",
      "lang": "und"
    }
  },
  {
    "tweet": {
      "retweeted": false,
      "source": "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities": {
        "hashtags": [
          {
            "text": "RedNote",
            "indices": [
              "0",
              "0"
            ]
          }
        ],
        "symbols": [],
        "user_mentions": [
          {
            "name": "Rice & Rust",
            "screen_name": "rice.and.rust",
            "indices": [
              "3",
              "17"
            ],
            "id_str": "2000000000000000001",
            "id": "2000000000000000001"
          }
        ],
        "urls": []
      },
      "display_text_range": [
        "0",
        "140"
      ],
      "favorite_count": "0",
      "id_str": "1880000000000000012",
      "truncated": false,
      "retweet_count": "44",
      "id": "1880000000000000012",
      "created_at": "Mon Jan 20 09:00:00 +0000 2025",
      "favorited": false,
      "full_text": "RT @rice.and.rust: Watching Americans learn 你好 in real time on RedNote &amp; honestly it's wholesome #RedNote",
      "lang": "en"
    }
  }
]
