#!/bin/sh
# Both Chinese scripts: a search in simplified finds traditional and mixed
# texts and the other way round, one and two characters included, in the
# batch feed, its counts and the explorer; `[ui] script` shows the texts
# converted with the hit still highlighted, while exports keep them as
# written; under a locale without UTF-8 it does no harm.
. "${top_srcdir:-.}/tests/screen/lib.sh"
require_tmux

DB="$WORK/script.db"
{
    # Three traditional posts (Taiwan, Hong Kong) and a mixed one, newest first.
    printf '{"id":"tw-cat","platform":"xiaohongshu","author":"台北貓奴","lang":"zh","time":"2025-03-01T12:00:00Z","text":"美國人也要繳貓稅了嗎？","translation":"Do Americans pay the cat tax too?","translation_kind":"human"}\n'
    printf '{"id":"hk-hair","platform":"xiaohongshu","author":"香港髮型師","lang":"zh","time":"2025-02-28T12:00:00Z","text":"頭髮剪短了，發展順利。","translation":"Cut my hair short.","translation_kind":"human"}\n'
    printf '{"id":"tw-back","platform":"xiaohongshu","author":"阿臺","lang":"zh","time":"2025-02-27T12:00:00Z","text":"以後再說，裡面很乾淨。","translation":"Later.","translation_kind":"human"}\n'
    printf '{"id":"mixed","platform":"xiaohongshu","author":"mix","lang":"zh","time":"2025-02-26T12:00:00Z","text":"交猫稅的人","translation":"People paying the cat tax","translation_kind":"human"}\n'
    # One in simplified.
    printf '{"id":"cn-cat","platform":"xiaohongshu","author":"上海猫奴","lang":"zh","time":"2025-02-25T12:00:00Z","text":"我家的猫税交了","translation":"My cat tax is paid","translation_kind":"human"}\n'
    # Forty more, alternating scripts, so the hits run past the first page.
    i=1
    while [ "$i" -le 40 ]; do
        if [ $((i % 2)) -eq 0 ]; then word="貓稅"; else word="猫税"; fi
        printf '{"id":"filler-%d","platform":"x","author":"f%d","lang":"zh","time":"2025-01-%02dT%02d:00:00Z","text":"第%d条：%s"}\n' \
            "$i" "$i" $((1 + i / 24)) $((i % 24)) "$i" "$word"
        i=$((i + 1))
    done
} >"$WORK/script.jsonl"
REFUGE_NO_BUNDLE=1 "$REFUGE" --db "$DB" import "$WORK/script.jsonl" >/dev/null 2>&1
tap $? "a cache of 45 posts in both scripts"

# The ids a batch search lists, sorted, on one line.
ids_of() {
    LC_ALL=C.UTF-8 REFUGE_NO_BUNDLE=1 "$REFUGE" --db "$DB" feed --search "$1" --limit 0 \
        --format csv | sed -n 's/^"\([a-z0-9-]*\)".*/\1/p' | sort | tr '\n' ' '
}
# The posts a batch stats of a search counts.
count_of() {
    LC_ALL=C.UTF-8 REFUGE_NO_BUNDLE=1 "$REFUGE" --db "$DB" stats --search "$1" |
        sed -n 's/^posts \([0-9]*\) .*/\1/p'
}

simp=$(ids_of 猫税)
trad=$(ids_of 貓稅)
mixed=$(ids_of 猫稅)
check "feed --search 猫税 lists the 43 posts with it in either script (past a page)" \
    [ "$(printf '%s' "$simp" | wc -w)" -eq 43 ]
case " $simp " in *" tw-cat "*) found=0 ;; *) found=1 ;; esac
tap $found "猫税 finds 貓稅"
case " $simp " in *" mixed "*) found=0 ;; *) found=1 ;; esac
tap $found "猫税 finds the mixed 猫稅"
check "貓稅 finds the same posts" [ "$trad" = "$simp" ]
check "and so does the mixed 猫稅" [ "$mixed" = "$simp" ]
check "a two-character search is counted in either script: 43" \
    [ "$(count_of 猫税)" = 43 ] && [ "$(count_of 貓稅)" = 43 ]
check "one character: 猫 and 貓 find the same 43 posts" \
    [ "$(ids_of 猫)" = "$simp" ] && [ "$(ids_of 貓)" = "$simp" ]
check "发 finds 髮 and 發 (one post has both)" [ "$(ids_of 发)" = "hk-hair " ]
check "髮 finds it too, and is counted" [ "$(ids_of 髮)" = "hk-hair " ] && [ "$(count_of 髮)" = 1 ]
check "后 finds 後, 里 finds 裡, 干 finds 乾" \
    [ "$(ids_of 后)" = "tw-back " ] && [ "$(ids_of 里)" = "tw-back " ] && [ "$(ids_of 干)" = "tw-back " ]
check "a phrase of three characters: 美国人 finds 美國人" [ "$(ids_of 美国人)" = "tw-cat " ]
check "头发剪短 finds 頭髮剪短" [ "$(ids_of 头发剪短)" = "hk-hair " ]
check "猫狗 finds nothing" [ -z "$(ids_of 猫狗)" ]

search_for() {
    send /
    wait_for "Search:"
    send C-u
    send_text "$1"
    send Enter
}

# --- the explorer, as written ---------------------------------------------------------
start_refuge -e REFUGE_NO_BUNDLE=1 --db "$DB"
wait_for "Feed"
send 2
send z
wait_for "post 1 of"
search_for "猫税"
check "the explorer: 猫税 matches the 43 posts" wait_for '43 posts match "猫税"'
check "the Taiwanese post is listed as written" wait_for "美國人也要繳貓稅了嗎"
# The hit in the match role: an attribute change just before 貓稅.
tmx capture-pane -e -p -t "=$SESSION:" | grep -F "台北貓奴" | grep -q "$(printf '繳\033\\[')[^貓]*貓稅"
tap $? "貓稅 is highlighted for the query 猫税"
send G
check "past the first page, the last post's hit is shown" wait_for_re "第1条：(猫)税"
end_session

# --- [ui] script = traditional ----------------------------------------------------------
printf '[ui]\nscript = traditional\n' >"$WORK/traditional.ini"
start_refuge -e REFUGE_NO_BUNDLE=1 --db "$DB" --config "$WORK/traditional.ini"
wait_for "Feed"
send 2
send z
wait_for "post 1 of"
check "a simplified post is shown in traditional characters" wait_for "我家的貓稅交了"
expect "上海猫奴" "an author's name is left as written"
search_for "猫税"
wait_for '43 posts match "猫税"'
check "its snippet reads 我家的貓稅交了" wait_for_re "原 我家的貓稅交了"
tmx capture-pane -e -p -t "=$SESSION:" | grep -F "我家的" | grep -q "$(printf '的\033\\[')[^貓]*貓稅"
tap $? "and the hit is highlighted on the converted 貓稅"
expect_not "我家的猫税交了" "the simplified text is not on screen"
send e
wait_for "Export listed posts"
send C-u
send_text "$WORK/export.csv"
send Enter
wait_for "wrote 43 posts to"
grep -q "我家的猫税交了" "$WORK/export.csv" && ! grep -q "我家的貓稅交了" "$WORK/export.csv"
tap $? "an export keeps the text as written"
end_session

# --- [ui] script = simplified -----------------------------------------------------------
printf '[ui]\nscript = simplified\n' >"$WORK/simplified.ini"
start_refuge -e REFUGE_NO_BUNDLE=1 --db "$DB" --config "$WORK/simplified.ini"
wait_for "Feed"
send 2
send z
check "a traditional post is shown in simplified characters" wait_for "美国人也要缴猫税了吗"
expect "头发剪短了，发展顺利" "phrases choose the character: 頭髮 and 發展 both become 发"
end_session

# --- --script and J -------------------------------------------------------------------
# --script chooses at start; J cycles as written -> simplified -> traditional
# -> as written, every pane prepared again where it was.
"$REFUGE" --db "$DB" --script cursive check >/dev/null 2>"$WORK/err"
[ $? -eq 2 ] && grep -q "^refuge: --script: unknown script 'cursive'" "$WORK/err"
tap $? "--script with an unknown name is a usage error that names it"
start_refuge -e REFUGE_NO_BUNDLE=1 --db "$DB" --script simplified
wait_for "Feed"
send 2
send z
check "--script simplified shows a traditional post in simplified characters" \
    wait_for "美国人也要缴猫税了吗"
end_session
start_refuge -e REFUGE_NO_BUNDLE=1 --db "$DB"
wait_for "Feed"
send 2
send z
check "as written at start: the Taiwanese post in traditional characters" \
    wait_for "美國人也要繳貓稅了嗎"
send J
check "J: simplified" wait_for "Chinese text: simplified characters"
check "J turns the traditional post into simplified characters" wait_for "美国人也要缴猫税了吗"
expect_not "美國人也要繳貓稅了嗎" "and its traditional spelling is gone from the screen"
send J
check "J again: traditional" wait_for "Chinese text: traditional characters"
check "the simplified post now reads in traditional characters" wait_for "我家的貓稅交了"
send J
check "J a third time: as written" wait_for "Chinese text: as written"
check "the traditional post is back as written" wait_for "美國人也要繳貓稅了嗎"
check "and the simplified one too" wait_for "我家的猫税交了"
# Past the first page, in the reader: the same post, converted in place.
send G
wait_for_re "第1条：(猫)税"
send Enter
wait_for "provenance: imported"
send J
wait_for "Chinese text: simplified characters"
send J
check "in the reader, J converts the post read (the last, past the first page): 第1條：貓稅" \
    wait_for_re "第1(條)：(貓)稅"
expect " f1 " "the reader stays on the same post, its author's"
expect "provenance: imported" "and stays open"
send J
check "J back to as written: 第1条：猫税" wait_for_re "第1(条)：(猫)税"
end_session

# The reader's "after:" line names the event before the post in the script
# the timeline shows (the bundled dataset: its titles are simplified).
start_refuge -x 100 -y 30 --script traditional
wait_for "Timeline"
send L
wait_for "language: Chinese"
send 2
send Enter
check "the reader's event before the post is in traditional characters too" \
    wait_for "after: TikTok重新上架蘋果和谷歌應用商店"
end_session

# --- no UTF-8: nothing is converted, nothing breaks ---------------------------------------
start_refuge -e REFUGE_NO_BUNDLE=1 -e LANG=C -e LC_ALL=C --db "$DB" --config "$WORK/traditional.ini"
wait_for "Feed"
send 2
send z
check "under LANG=C the feed shows the translations" wait_for "Do Americans pay the cat tax too?"
send q
check "and quits cleanly" wait_for "[refuge exited: 0]"
end_session

finish
