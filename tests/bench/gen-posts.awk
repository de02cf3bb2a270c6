# gen-posts.awk — SYNTHETIC posts for import benchmarks (not real data).
#
#   awk -v n=100000 -v format=jsonl -f tests/bench/gen-posts.awk > posts.jsonl
#   awk -v n=100000 -v format=csv   -f tests/bench/gen-posts.awk > posts.csv
#
# Alternates Chinese and English texts of realistic length, spread over
# January 2025, with tags and counts; ids are "synthetic-N".
BEGIN {
    if (!n) n = 100000
    zh = "今天第一次在小红书上看到这么多美国网友，大家都在问猫税是什么，评论区太热闹了，我也来交一份猫税吧。"
    en = "Day three on RedNote as a TikTok refugee: the recipes are amazing, the cat tax is real, and everyone has been so kind to us."
    if (format == "csv")
        print "id,platform,author,lang,time,text,translation,translation_kind,likes,comments,collects,shares,tags"
    for (i = 1; i <= n; i++) {
        day = 1 + i % 31; hour = i % 24; minute = i % 60
        t = sprintf("2025-01-%02dT%02d:%02d:00+08:00", day, hour, minute)
        if (i % 2) { lang = "zh"; text = zh " #" i; tr = en }
        else { lang = "en"; text = en " #" i; tr = zh }
        likes = (i * 7919) % 100000
        if (format == "csv")
            printf "synthetic-%d,xiaohongshu,user%d,%s,%s,\"%s\",\"%s\",machine,%d,%d,%d,%d,\"tiktokrefugee,cattax\"\n", i, i % 5000, lang, t, text, tr, likes, likes % 97, likes % 31, likes % 13
        else
            printf "{\"id\":\"synthetic-%d\",\"platform\":\"xiaohongshu\",\"author\":\"user%d\",\"lang\":\"%s\",\"time\":\"%s\",\"text\":\"%s\",\"translation\":\"%s\",\"translation_kind\":\"machine\",\"likes\":%d,\"comments\":%d,\"collects\":%d,\"shares\":%d,\"tags\":[\"tiktokrefugee\",\"cattax\"]}\n", i, i % 5000, lang, t, text, tr, likes, likes % 97, likes % 31, likes % 13
    }
}
