# table.awk — the table `make bench` prints, from the results run.sh wrote
# in `out`: pty-N.tsv (ptybench), model-N.tsv (firstpage), floor-N.tsv and
# import-FMT.tsv (timeit), N/gen.log (the generator's import).
#
#   awk -v sizes="10000 100000 1000000" -v out=DIR -v import_n=100000 -f table.awk
#
# Each target is judged at the largest N; "n/a" where the part measured
# does not exist yet (the feed pane).

function load(file, prefix,    line, f, n) {
    if (loaded[file]++)
        return
    while ((getline line < file) > 0) {
        n = split(line, f, "\t")
        if (n < 2 || line ~ /^#/)
            continue
        # pty: metric n ms_median ms_p90 bytes cpu note bytes_mean
        # model: query rows ms_median ms_first note
        # floor/import (timeit): runs ms_median ms_min ms_max rss
        if (prefix == "pty") {
            V[file, f[1], "ms"] = f[3]; V[file, f[1], "bytes"] = f[5]
            V[file, f[1], "note"] = f[7]; V[file, f[1], "n"] = f[2]
            V[file, f[1], "mean"] = f[8]
        } else if (prefix == "model") {
            V[file, f[1], "ms"] = f[3]; V[file, f[1], "first"] = f[4]
            V[file, f[1], "rows"] = f[2]; V[file, f[1], "note"] = f[5]
        } else {
            V[file, "run", "ms"] = f[2]
        }
    }
    close(file)
}

function pty(n, metric, what,    file) {
    file = out "/pty-" n ".tsv"; load(file, "pty")
    return V[file, metric, what]
}

function model(n, metric, what,    file) {
    file = out "/model-" n ".tsv"; load(file, "model")
    return V[file, metric, what]
}

# batch-N.tsv: label runs ms_median ms_min ms_max rss_kib
function batch(n, metric, what,    file, line, f) {
    file = out "/batch-" n ".tsv"
    if (!loaded[file]++) {
        while ((getline line < file) > 0)
            if (split(line, f, "\t") >= 6) {
                B[file, f[1], "ms"] = f[3]; B[file, f[1], "rss"] = f[6]
            }
        close(file)
    }
    return B[file, metric, what]
}

# A batch listing: ms, its ratio to the grep floor of the same run, peak
# RSS; judged at the largest N, the RSS against the smallest.
function batch_row(name, metric, floor,    i, c, v, g, r, verdict) {
    c = ""
    for (i = 1; i <= ns; i++) {
        v = batch(S[i], metric, "ms"); g = batch(S[i], floor, "ms")
        c = c (v == "" || g == "" ? " - |" : " " fmt(v, 0) " ms, " fmt(v / g, 1) "x grep, " \
               fmt(batch(S[i], metric, "rss") / 1024, 1) " MiB |")
    }
    v = batch(S[ns], metric, "ms"); g = batch(S[ns], floor, "ms")
    r = batch(S[1], metric, "rss") > 0 ? batch(S[ns], metric, "rss") / batch(S[1], metric, "rss") : 0
    verdict = v == "" || g == "" ? "-" : v / g <= 3 && r <= 1.2 ? "met" : "**MISSED**"
    emit(name, c, "≤ 3x grep, RSS within 20% of " label(S[1]) " (now " fmt(r, 2) "x)", verdict)
}

# scroll[jump|narrow]-SIZE.tsv (ptybench): the mean bytes of a line step.
function scroll_bytes(size, metric, jump,    file) {
    file = out "/scroll" jump "-" size ".tsv"; load(file, "pty")
    return V[file, metric, "mean"]
}

function timed(file) {
    load(file, "timeit")
    return V[file, "run", "ms"]
}

function label(n) {
    return n >= 1000000 ? (n / 1000000) "M" : n >= 1000 ? (n / 1000) "k" : n
}

function fmt(x, d) {
    if (x == "" || x == "-" || x ~ /nan/)
        return "-"
    return sprintf("%." d "f", x)
}

function section(title,    i, c) {
    c = ""
    for (i = 1; i <= ns + 2; i++) c = c " |"
    print "| " title " |" c
}

function emit(name, cells, target, verdict) {
    printf "| %s |%s %s | %s |\n", name, cells, target, verdict
}

# A row of one pty metric: ms, and bytes when asked.
function pty_row(name, metric, with_bytes, target, limit_ms, limit_bytes,    i, c, v, b, verdict, note) {
    c = ""
    for (i = 1; i <= ns; i++) {
        v = pty(S[i], metric, "ms"); b = pty(S[i], metric, "bytes")
        note = pty(S[i], metric, "note")
        if (note ~ /^n\/a/)
            c = c " n/a |"
        else
            c = c " " fmt(v, 2) (with_bytes ? " ms, " fmt(b, 0) " B" : "") " |"
    }
    v = pty(S[ns], metric, "ms"); b = pty(S[ns], metric, "bytes")
    note = pty(S[ns], metric, "note")
    if (limit_ms == "" && limit_bytes == "")
        verdict = ""
    else if (note ~ /^n\/a/)
        verdict = note
    else if ((limit_ms != "" && v + 0 > limit_ms + 0) || (limit_bytes != "" && b + 0 > limit_bytes + 0))
        verdict = "**MISSED**"
    else
        verdict = "met"
    emit(name, c, target, verdict)
}

# A search in the explorer: when the first page is shown (judged against
# the target) and when the count and any stats on screen have settled.
function search_row(name, metric, target, limit, file_prefix,    i, c, v, t, note, verdict) {
    c = ""
    for (i = 1; i <= ns; i++) {
        v = spty(file_prefix, S[i], metric ":shown", "ms"); t = spty(file_prefix, S[i], metric, "ms")
        note = spty(file_prefix, S[i], metric, "note")
        c = c (note ~ /^n\/a/ ? " n/a |" : " " fmt(v, 1) " ms, settled " fmt(t, 0) " ms |")
    }
    v = spty(file_prefix, S[ns], metric ":shown", "ms")
    note = spty(file_prefix, S[ns], metric, "note")
    verdict = note ~ /^n\/a/ ? note : v == "" ? "-" : v + 0 > limit + 0 ? "**MISSED**" : "met"
    emit(name, c, target, verdict)
}

function spty(file_prefix, n, metric, what,    file) {
    file = out "/" file_prefix "-" n ".tsv"; load(file, "pty")
    return V[file, metric, what]
}

# A row of one model query, "median (first)" ms.
function model_row(name, metric, target, limit,    i, c, v, f, verdict) {
    c = ""
    for (i = 1; i <= ns; i++) {
        v = model(S[i], metric, "ms"); f = model(S[i], metric, "first")
        c = c " " fmt(v, 2) " (" fmt(f, 1) ") |"
    }
    v = model(S[ns], metric, "ms")
    verdict = target == "" ? "" : (v == "" ? "-" : v + 0 > limit + 0 ? "**MISSED**" : "met")
    emit(name, c, target, verdict)
}

# A model query against a floor measured in the same run: its ms and the
# ratio, judged at the largest N.
function model_ratio_row(name, metric, floor, target, limit,    i, c, v, g, r, verdict) {
    c = ""
    for (i = 1; i <= ns; i++) {
        v = model(S[i], metric, "ms"); g = model(S[i], floor, "ms")
        r = (v == "" || g == "" || g + 0 <= 0) ? "" : v / g
        c = c " " fmt(v, 2) " ms, " fmt(r, 1) "x |"
    }
    v = model(S[ns], metric, "ms"); g = model(S[ns], floor, "ms")
    verdict = v == "" || g == "" || g + 0 <= 0 ? "-" : v / g > limit + 0 ? "**MISSED**" : "met"
    emit(name, c, target, verdict)
}

# A model query with a target in ms, beside its ratio to a floor measured
# in the same run (what the load did to both); judged on the ms at the
# largest N.
function model_floor_row(name, metric, floor, target, limit,    i, c, v, g, r, verdict) {
    c = ""
    for (i = 1; i <= ns; i++) {
        v = model(S[i], metric, "ms"); g = model(S[i], floor, "ms")
        r = (v == "" || g == "" || g + 0 <= 0) ? "" : v / g
        c = c " " fmt(v, 2) " ms, " fmt(r, 0) "x |"
    }
    v = model(S[ns], metric, "ms")
    verdict = target == "" ? "" : v == "" ? "-" : v + 0 > limit + 0 ? "**MISSED**" : "met"
    emit(name, c, target, verdict)
}

BEGIN {
    ns = split(sizes, S, " ")
    head = "| measure |"; rule = "|---|"
    for (i = 1; i <= ns; i++) {
        head = head " " label(S[i]) " |"; rule = rule "---|"
    }
    print head " target | |"
    print rule "---|---|"

    # First paint and its floor.
    c = ""; c2 = ""; c3 = ""
    for (i = 1; i <= ns; i++) {
        fp[i] = pty(S[i], "first_paint", "ms")
        fl[i] = timed(out "/floor-" S[i] ".tsv")
        c = c " " fmt(fp[i], 2) " ms |"
        c2 = c2 " " fmt(fl[i], 2) " ms |"
        c3 = c3 " " (fl[i] > 0 ? fmt(fp[i] / fl[i], 2) "x" : "-") " |"
    }
    ratio = fp[1] > 0 ? fp[ns] / fp[1] : 0
    emit("first paint (start to last byte)", c, "≤ 25 ms, ≤ 1.5x the " label(S[1]) " figure (now " fmt(ratio, 2) "x)",
         fp[ns] + 0 <= 25 && ratio <= 1.5 ? "met" : "**MISSED**")
    emit("first page through the sqlite3 shell (floor)", c2, "about 2.5 ms", "")
    emit("first paint / floor", c3, "approach 1x", "")

    c = ""
    for (i = 1; i <= ns; i++) {
        rss[i] = pty(S[i], "peak_rss_kib", "ms") / 1024
        c = c " " fmt(rss[i], 1) " MiB |"
    }
    ratio = rss[1] > 0 ? rss[ns] / rss[1] : 0
    emit("peak RSS", c, "≤ 24 MiB, within 20% of " label(S[1]) " (now " fmt(ratio, 2) "x)",
         rss[ns] <= 24 && ratio <= 1.2 ? "met" : "**MISSED**")

    section("*the explorer in a pty: median latency to the last byte, bytes written*")
    pty_row("timeline: cursor step in the first screen (j)", "timeline_line_down", 1, "", "", "")
    pty_row("timeline: page scroll (PgDn)", "timeline_page_down", 1, "(feed target: ≤ 5 ms)", "", "")
    pty_row("timeline: open an event (Enter)", "timeline_open", 1, "", "", "")
    pty_row("language switch (L)", "language_switch", 1, "", "", "")
    pty_row("repaint everything (C-l)", "redraw_all", 1, "", "", "")
    # 20 steps that never leave the first screen: the cursor moves, the
    # list does not (the scrolling table at the end has the real thing).
    pty_row("feed: cursor step in the first screen (j)", "feed_line_down", 1, "≤ 2 ms", 2, "")
    pty_row("feed: cursor step in the first screen (k)", "feed_line_up", 1, "≤ 2 ms", 2, "")
    pty_row("feed: page scroll (PgDn)", "feed_page_down", 1, "≤ 5 ms", 5, "")
    pty_row("feed: page scroll (PgUp)", "feed_page_up", 1, "≤ 5 ms", 5, "")
    pty_row("feed: open a post (Enter)", "feed_open_post", 1, "", "", "")
    pty_row("feed: language switch (L)", "feed_language", 1, "", "", "")
    section("*searches: the first page shown (the target), and settled: the count and, in the wide layout, the stats*")
    search_row("feed: search \"cat tax\"", "search_en_3plus", "≤ 50 ms", 50, "pty")
    search_row("feed: search 小红书", "search_zh_3plus", "≤ 50 ms", 50, "pty")
    search_row("feed: search 螺蛳粉 (rare)", "search_zh_rare", "≤ 50 ms", 50, "pty")
    search_row("feed: search 猫 (1 char)", "search_zh_1char", "≤ 250 ms", 250, "pty")
    search_row("feed: search 鲸 (1 char, rare)", "search_zh_1char_rare", "≤ 250 ms", 250, "pty")
    search_row("feed: search 美国 (2 chars)", "search_zh_2char", "≤ 250 ms", 250, "pty")
    search_row("feed: search 小紅書 (traditional)", "search_zh_3plus_trad", "≤ 50 ms", 50, "pty")
    search_row("feed: search 貓 (traditional, 1 char)", "search_zh_1char_trad", "≤ 250 ms", 250, "pty")
    search_row("160x48, stats on screen: search \"cat tax\"", "search_en_3plus", "≤ 50 ms", 50, "wide")
    search_row("160x48, stats on screen: search 小红书", "search_zh_3plus", "≤ 50 ms", 50, "wide")
    search_row("160x48, stats on screen: search 猫 (1 char)", "search_zh_1char", "≤ 250 ms", 250, "wide")
    search_row("160x48, stats on screen: search 美国 (2 chars)", "search_zh_2char", "≤ 250 ms", 250, "wide")
    search_row("160x48, stats zoomed: the top tag's co-tags (w)", "cotags_top", "≤ 50 ms", 50, "wide")

    section("*the model, directly: first page of 50 posts, median (first call) ms*")
    model_row("newest first", "newest_first", "", "")
    model_row("the next page", "newest_next_page", "", "")
    model_row("most liked first", "most_liked", "", "")
    model_row("one language", "lang_zh", "", "")
    model_row("one day", "one_day", "", "")
    model_row("a common tag", "tag_common", "", "")
    model_row("a rare tag", "tag_rare", "", "")
    model_row("search \"cat tax\" (common)", "search_en_common", "≤ 50 ms", 50)
    model_row("search 小红书 (common)", "search_zh_common", "≤ 50 ms", 50)
    model_row("search 小红书, most liked first", "search_zh_common_liked", "≤ 50 ms", 50)
    model_row("search \"humpback\" (rare)", "search_en_rare", "≤ 50 ms", 50)
    model_row("search 螺蛳粉 (rare)", "search_zh_rare", "≤ 50 ms", 50)
    model_row("search \"xylophone\" (absent)", "search_absent", "≤ 50 ms", 50)
    model_row("search 猫 (1 char, common)", "search_1char_common", "≤ 250 ms", 250)
    model_row("search 美国 (2 chars, common)", "search_2char_common", "≤ 250 ms", 250)
    model_row("search 熊猫 (2 chars, rare)", "search_2char_rare", "≤ 250 ms", 250)
    model_row("search 鲸 (1 char, rare)", "search_1char_rare", "≤ 250 ms", 250)
    model_row("search 鳄 (1 char, absent)", "search_1char_absent", "≤ 250 ms", 250)
    # Words also in some authors' names (熊猫): their posts join the
    # trigrams' as candidates instead of a scan (1.4 s before, at 1M).
    model_ratio_row("search 熊猫 vs 螺蛳粉 (rare, also in names vs in text only)", "search_2char_rare", "search_zh_rare", "≤ 10x", 10)
    # Both scripts (script.h), folded vs plain: the synthetic posts are
    # simplified only, so the simplified search takes the plain path (its
    # other spellings are not in the cache) and the traditional one the
    # folded path asking for the one spelling the cache holds.
    model_ratio_row("search 小紅書 (traditional) vs 小红书", "search_zh_common_trad", "search_zh_common", "≤ 1.2x", 1.2)
    model_ratio_row("search 貓 (traditional, 1 char) vs 猫", "search_1char_common_trad", "search_1char_common", "≤ 1.2x", 1.2)
    model_ratio_row("search 美國 (traditional, 2 chars) vs 美国", "search_2char_common_trad", "search_2char_common", "≤ 1.2x", 1.2)
    model_ratio_row("search 鯨 (traditional, 1 char, rare) vs 鲸", "search_1char_rare_trad", "search_1char_rare", "≤ 1.2x", 1.2)
    model_ratio_row("count of 小紅書 vs 小红书", "count_search_zh_common_trad", "count_search_zh_common", "≤ 1.2x", 1.2)
    model_ratio_row("count of 貓 vs 猫", "count_search_1char_common_trad", "count_search_1char_common", "≤ 1.2x", 1.2)
    model_row("count of \"cat tax\" (N posts match)", "count_search_en_common", "", "")
    model_row("count of 小红书", "count_search_zh_common", "", "")
    model_row("count of 猫 (1 char, common)", "count_search_1char_common", "", "")
    model_row("count of 鲸 (1 char, rare)", "count_search_1char_rare", "", "")
    model_row("count of 美国 (2 chars, common)", "count_search_2char_common", "", "")
    # What the feed waits for: counts stop at [feed] count_cap (250,000)
    # and say "at least"; against the exact count of the same run.
    model_ratio_row("count of \"cat tax\" at the feed's cap (exact under it) vs exact", "capped_count_search_en_common", "count_search_en_common", "≤ 1.5x", 1.5)
    model_ratio_row("count of 小红书 at the feed's cap (at least) vs exact", "capped_count_search_zh_common", "count_search_zh_common", "≤ 0.5x", 0.5)
    model_ratio_row("count of 猫 at the feed's cap (at least) vs exact", "capped_count_search_1char_common", "count_search_1char_common", "≤ 0.5x", 0.5)
    model_ratio_row("count of 美国 at the feed's cap (at least) vs exact", "capped_count_search_2char_common", "count_search_2char_common", "≤ 0.5x", 0.5)
    # The feed counts the bundled posts among a search's apart, after every
    # search: tested row by row (1.3 s for 猫 at 1M when the search's whole
    # set was collected first).
    model_ratio_row("count of 猫 among the illustrative posts vs newest first", "count_search_1char_illustrative", "newest_first", "≤ 20x", 20)
    model_ratio_row("count of 小红书 among the quoted posts vs newest first", "count_search_zh_common_quoted", "newest_first", "≤ 20x", 20)
    model_row("a post's detail", "post_detail", "", "")
    model_ratio_row("first and last post's times (empty window) vs newest first", "post_span", "newest_first", "≤ 10x", 10)
    model_row("stats of everything", "stats_all", "", "")
    model_row("stats of the posts matching \"cat tax\"", "stats_search_en_common", "", "")
    model_row("stats of the posts matching 小红书", "stats_search_zh_common", "", "")
    # A search's stats: its posts as bits, then covering indexes read once
    # (was: every matching row read and sorted, 7.5 s at load 11).
    model_ratio_row("stats of the posts matching 小红书 vs their exact count", "stats_search_zh_common", "count_search_zh_common", "≤ 8x", 8)
    model_ratio_row("stats of the posts matching \"cat tax\" vs their exact count", "stats_search_en_common", "count_search_en_common", "≤ 8x", 8)
    section("*the researcher's filters (issue 17): 1% of the posts coded, 0.1% marked; ms and x the newest-first page*")
    model_floor_row("first page of a code on 1%", "code_1pct", "newest_first", "≤ 50 ms", 50)
    model_floor_row("first page of a code on 1%, most liked first", "code_1pct_liked", "newest_first", "≤ 50 ms", 50)
    model_floor_row("count of a code on 1%", "count_code_1pct", "newest_first", "≤ 250 ms", 250)
    model_floor_row("first page of the marked posts (0.1%)", "marked_0.1pct", "newest_first", "≤ 50 ms", 50)
    model_floor_row("count of the marked posts", "count_marked_0.1pct", "newest_first", "≤ 250 ms", 250)
    model_floor_row("first page of a sample of 200", "sample_200", "newest_first", "", "")
    model_floor_row("count of a sample of 200", "count_sample_200", "newest_first", "", "")
    model_floor_row("first page of a sample of 200 Chinese posts", "sample_200_zh", "newest_first", "", "")
    model_floor_row("first page of a sample of 200 coded posts", "sample_200_coded", "newest_first", "≤ 250 ms", 250)
    section("*authors lists under a filter (500 rows, the explorer's), against reading the index they read*")
    # The Chinese posts' authors: the covering index posts_for_authors read
    # once in its groups' order (was: every row read and sorted, 33 s at
    # load 11-18). The floor counts the same entries; 15x of it is about
    # the issue's 2 s at a million on a quiet machine, 2x its 250 ms.
    model_ratio_row("authors of the Chinese posts vs counting them in the index", "authors_lang_zh", "floor_authors_index_zh", "≤ 15x (about 2 s at 1M)", 15)
    model_ratio_row("the same, first 20 (a first screen)", "authors_lang_zh_20", "floor_authors_index_zh", "≤ 2x (about 250 ms at 1M)", 2)
    model_ratio_row("authors of a week's posts (half of them)", "authors_week", "floor_authors_index_zh", "≤ 15x", 15)
    model_ratio_row("authors of the posts matching \"cat tax\" (their rows)", "authors_search_en_common", "floor_authors_index_zh", "≤ 15x", 15)
    model_ratio_row("authors of the posts matching 螺蛳粉 (rare) vs newest first", "authors_search_zh_rare", "newest_first", "≤ 50x", 50)
    section("*charts in a zone, against the per-UTC-day chart (stats of everything) of the same run*")
    model_ratio_row("stats per day in Asia/Shanghai", "stats_day_shanghai", "stats_all", "≤ 3x", 3)
    model_ratio_row("stats per week in America/New_York", "stats_week_new_york", "stats_all", "≤ 3x", 3)
    model_ratio_row("stats per hour of the day in America/New_York", "stats_hour_new_york", "stats_all", "≤ 3x", 3)
    model_ratio_row("stats per day of the week in Asia/Shanghai", "stats_weekday_shanghai", "stats_all", "≤ 3x", 3)
    model_ratio_row("a day of Asia/Shanghai, counted (a window off UTC days)", "count_day_shanghai", "count_all", "≤ 3x", 3)

    c = ""
    for (i = 1; i <= ns; i++) c = c " " fmt(pty(S[i], "idle_cpu", "ms"), 3) " ms |"
    v = pty(S[ns], "idle_cpu", "ms")
    emit("CPU while idle for 2 s", c, "0 ms", v + 0 <= 0.5 ? "met" : "**MISSED**")
    c = ""
    for (i = 1; i <= ns; i++) c = c " " fmt(pty(S[i], "hangup_exit", "ms"), 2) " ms |"
    v = pty(S[ns], "hangup_exit", "ms")
    emit("exit after hangup", c, "≤ 100 ms", v + 0 <= 100 ? "met" : "**MISSED**")

    section("*batch listings of every match, against grep -c of the source file in the same run*")
    c = ""
    for (i = 1; i <= ns; i++) c = c " " fmt(batch(S[i], "grep_search", "ms"), 0) " ms |"
    emit("grep -c 'cat tax' posts.jsonl (floor)", c, "", "")
    batch_row("feed --search 'cat tax' --format jsonl --limit 0", "feed_jsonl", "grep_search")
    batch_row("the same, --format csv", "feed_csv", "grep_search")
    batch_row("the same, aligned text", "feed_text", "grep_search")
    batch_row("the same, --format md", "feed_md", "grep_search")
    c = ""
    for (i = 1; i <= ns; i++) c = c " " fmt(batch(S[i], "grep_all", "ms"), 0) " ms |"
    emit("grep -c '\"id\"' posts.jsonl (floor)", c, "", "")
    batch_row("feed --format jsonl --limit 0 (every post)", "feed_all", "grep_all")
    batch_row("export --what posts --format jsonl", "export_posts", "grep_all")
    batch_row("feed --format csv --limit 0 (every post)", "feed_all_csv", "grep_all")
    batch_row("feed --limit 0 (every post, aligned text)", "feed_all_text", "grep_all")
    batch_row("authors --top 0 --format jsonl (every author)", "authors_every", "grep_all")
    c = ""
    for (i = 1; i <= ns; i++) {
        v = batch(S[i], "authors_all", "ms"); g = batch(S[i], "feed_page", "ms")
        c = c (v == "" || g == "" ? " - |" : " " fmt(v, 0) " ms, " fmt(v / g, 1) "x |")
    }
    v = batch(S[ns], "authors_all", "ms"); g = batch(S[ns], "feed_page", "ms")
    emit("authors --top 20, unfiltered (the per-author totals)", c, "≤ 3x feed --limit 20",
         v == "" || g == "" ? "-" : v / g <= 3 ? "met" : "**MISSED**")

    for (k = 1; k <= 2; k++) {
        f = k == 1 ? "jsonl" : "csv"
        ms = timed(out "/import-" f ".tsv")
        c = ""
        for (i = 1; i <= ns; i++)
            c = c " " (S[i] == import_n && ms > 0 ? fmt(import_n / (ms / 1000), 0) " posts/s" : "") " |"
        emit("import " (k == 1 ? "JSON Lines" : "CSV") " (refuge import, new cache)", c, "≥ 150,000 posts/s",
             ms > 0 ? (import_n / (ms / 1000) >= 150000 ? "met" : "**MISSED**") : "-")
        if (k == 1)
            jsonl_ms = ms
    }
    # The same posts in a Zeeschuimer export: its rate over JSON Lines'.
    ms = timed(out "/import-ndjson.tsv")
    c = ""
    for (i = 1; i <= ns; i++)
        c = c " " (S[i] == import_n && ms > 0 ? fmt(import_n / (ms / 1000), 0) " posts/s (" \
                   fmt(jsonl_ms / ms, 2) "×)" : "") " |"
    emit("import Zeeschuimer NDJSON, same posts (rate vs JSON Lines)", c, "≥ 0.8× JSON Lines",
         ms > 0 && jsonl_ms > 0 ? (jsonl_ms / ms >= 0.8 ? "met" : "**MISSED**") : "-")
    c = ""
    for (i = 1; i <= ns; i++) {
        g = ""
        file = out "/../" S[i] "/gen.log"
        while ((getline line < file) > 0)
            if (match(line, /\([0-9]+ posts\/s\)/))
                g = substr(line, RSTART + 1, RLENGTH - 2)
        close(file)
        c = c " " g " |"
    }
    emit("cache build (gen's import, 1 run)", c, "", "")

    # Line scrolling: a table of its own, by terminal size.
    print ""
    print "| line step, 100 steps past the first screen (largest cache), mean bytes | 80x24 | 200x50 | target | |"
    print "|---|---|---|---|---|"
    scroll_row("feed, zoomed (full width): j", "feed_full_down", "", 260)
    scroll_row("feed, zoomed (full width): k", "feed_full_up", "", 260)
    scroll_row("feed, narrow layout (one pane under tabs): j", "feed_narrow_down", "narrow", 260)
    scroll_row("feed, narrow layout (one pane under tabs): k", "feed_narrow_up", "narrow", 260)
    scroll_row("feed beside the timeline (and stats): j", "feed_side_down", "", "")
    scroll_row("feed beside the timeline (and stats): k", "feed_side_up", "", "")
    scroll_row("the same, scroll_jump = half the screen: j", "feed_side_down", "jump", "")
    scroll_row("the same, scroll_jump = half the screen: k", "feed_side_up", "jump", "")
    scroll_row("timeline beside the feed: j", "timeline_side_down", "", "")
    scroll_row("timeline, zoomed: j", "timeline_full_down", "", "")
}

function scroll_row(name, metric, jump, limit,    a, b, verdict) {
    a = scroll_bytes("80x24", metric, jump); b = scroll_bytes("200x50", metric, jump)
    # Judged at each size: the issue asks for both.
    verdict = limit == "" || a == "" || b == "" ? "" : \
              "80x24 " (a + 0 <= limit ? "met" : "**MISSED**") ", 200x50 " (b + 0 <= limit ? "met" : "**MISSED**")
    printf "| %s | %s B | %s B | %s | %s |\n", name, fmt(a, 0), fmt(b, 0),
           limit == "" ? "" : "≤ " limit " B", verdict
}
