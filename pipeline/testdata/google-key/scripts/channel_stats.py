from googleapiclient.discovery import build

youtube = build("youtube", "v3", developerKey="x")
print(youtube.channels().list(part="statistics", id="x").execute())
