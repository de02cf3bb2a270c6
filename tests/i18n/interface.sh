#!/bin/sh
# The interface language: [ui] interface and --interface against the locale.
# Chinese in any UTF-8 locale (zh_CN.UTF-8, C.UTF-8, en_US.UTF-8), English
# under a locale that is not UTF-8 (no question marks), and what scripts read
# (CSV columns, JSON keys) the same in both languages.
. "${top_srcdir:-.}/tests/screen/lib.sh"

# lib.sh pins the messages to English; each run below says its own locale.
unset LC_MESSAGES LANG
DB="$WORK/cache.db"

has_locale() { # has_locale zh_CN: the UTF-8 locale exists on this system
    locale -a 2>/dev/null | grep -qix "$1\\.utf-\\{0,1\\}8"
}

# chinese FILE / english FILE: the help text's first line in each language
chinese() { head -n 1 "$1" | grep -q '^用法：refuge'; }
english() { head -n 1 "$1" | grep -q '^Usage: refuge'; }

LC_ALL=C "$REFUGE" --help >"$WORK/c" 2>&1
english "$WORK/c"
tap $? "LC_ALL=C: the help is in English"

LC_ALL=C "$REFUGE" --interface zh --help >"$WORK/c-zh" 2>&1
english "$WORK/c-zh" && ! grep -q '?' "$WORK/c-zh"
tap $? "LC_ALL=C with --interface zh: English, no question marks (not a UTF-8 locale)"

printf '[ui]\ninterface = zh\n' >"$WORK/zh.ini"
LC_ALL=C "$REFUGE" --config "$WORK/zh.ini" --db "$DB" tags --with rednote --top 1 >"$WORK/c-tags" 2>&1
grep -q 'posts carry it' "$WORK/c-tags" && ! grep -q '?' "$WORK/c-tags"
tap $? "LC_ALL=C with [ui] interface = zh: a batch command speaks English"

LC_ALL=C.UTF-8 "$REFUGE" --interface zh --help >"$WORK/cu-zh" 2>&1
chinese "$WORK/cu-zh"
tap $? "LC_ALL=C.UTF-8 with --interface zh: the help is in Chinese"

LC_ALL=C.UTF-8 "$REFUGE" --config "$WORK/zh.ini" --help >"$WORK/cu-ini" 2>&1
chinese "$WORK/cu-ini"
tap $? "LC_ALL=C.UTF-8 with [ui] interface = zh: the help is in Chinese"

LC_ALL=C.UTF-8 "$REFUGE" --config "$WORK/zh.ini" --db "$DB" tags --with rednote --top 1 >"$WORK/cu-tags" 2>&1
grep -q '条帖子' "$WORK/cu-tags"
tap $? "LC_ALL=C.UTF-8 with [ui] interface = zh: a batch command speaks Chinese"

printf '[ui]\ninterface = zh\ntheme = default\n' >"$WORK/zh-theme.ini"
LC_ALL=C.UTF-8 "$REFUGE" --config "$WORK/zh-theme.ini" --db "$DB" config >"$WORK/cu-config" 2>&1
grep -q "^theme = default  ; 来自 .*zh-theme.ini:3$" "$WORK/cu-config" &&
    grep -q "^layout = auto  ; 内置默认值$" "$WORK/cu-config" && ! grep -q 'built-in\|; from ' "$WORK/cu-config"
tap $? "refuge config in Chinese: where each value comes from (来自 FILE:LINE, 内置默认值)"

LANG=C.UTF-8 LC_MESSAGES=C "$REFUGE" --interface zh --help >"$WORK/cm-zh" 2>&1
chinese "$WORK/cm-zh"
tap $? "LC_MESSAGES=C in a UTF-8 locale with --interface zh: Chinese (gettext would ignore LANGUAGE)"

LC_ALL=C.UTF-8 LANGUAGE=zh_CN "$REFUGE" --help >"$WORK/language" 2>&1
chinese "$WORK/language"
tap $? "interface = auto follows LANGUAGE=zh_CN in a UTF-8 locale"

LC_ALL=C.UTF-8 LANGUAGE=zh_CN "$REFUGE" --interface en --help >"$WORK/language-en" 2>&1
english "$WORK/language-en"
tap $? "--interface en: English whatever LANGUAGE says"

LC_ALL=C.UTF-8 "$REFUGE" --interface fr --help >"$WORK/fr" 2>&1
english "$WORK/fr"
tap $? "--interface fr is ignored until a command runs"
LC_ALL=C.UTF-8 "$REFUGE" --interface fr --db "$DB" check >"$WORK/fr" 2>&1
[ $? -eq 2 ] && grep -q "^refuge: --interface: unknown interface language 'fr': expected one of auto, en, zh$" "$WORK/fr"
tap $? "--interface fr: a usage error naming the choices"

LC_ALL=C.UTF-8 "$REFUGE" --interface zh --db "$DB" check >"$WORK/check-zh" 2>&1
head -1 "$WORK/check-zh" | grep -q "^缓存：" && ! grep -q "^cache:" "$WORK/check-zh"
tap $? "check in Chinese names the cache in Chinese too (its first line was English)"

# Importing a colleague's codes reports them in the interface's language.
printf '{"id":"c1","platform":"xiaohongshu","lang":"en","time":"2025-01-20T10:00:00Z","text":"coded","codes":[{"code":"humour","memo":"m"}]}\n' >"$WORK/coded.jsonl"
LC_ALL=C.UTF-8 REFUGE_NO_BUNDLE=1 "$REFUGE" --interface zh --db "$WORK/coded.db" import "$WORK/coded.jsonl" >"$WORK/coded-zh" 2>&1
grep -q "编码" "$WORK/coded-zh" && ! grep -q "applied anew" "$WORK/coded-zh"
tap $? "import in Chinese: the codes it applied reported in Chinese"

# A Chinese locale in another character set: English, not mojibake.
if locale -a 2>/dev/null | grep -qix 'zh_CN\.gb18030'; then
    LC_ALL=zh_CN.GB18030 "$REFUGE" --help >"$WORK/gb" 2>&1
    LC_ALL=zh_CN.GB18030 "$REFUGE" --interface zh --db "$DB" feed --sort x >>"$WORK/gb" 2>&1
    english "$WORK/gb" && grep -q "^refuge: feed: --sort: expected time or likes$" "$WORK/gb" &&
        ! LC_ALL=C grep -q '[^ -~]' "$WORK/gb"
    tap $? "LC_ALL=zh_CN.GB18030 (auto, and --interface zh): English, every byte ASCII"
else
    echo "ok $((TAP_N = TAP_N + 1)) # SKIP no zh_CN.GB18030 locale here (localedef -i zh_CN -f GB18030 zh_CN.GB18030 makes one)"
fi

if has_locale en_US; then
    LC_ALL=en_US.UTF-8 "$REFUGE" --interface zh --help >"$WORK/en-zh" 2>&1
    chinese "$WORK/en-zh"
    tap $? "LC_ALL=en_US.UTF-8 with --interface zh: the help is in Chinese"
else
    echo "ok $((TAP_N = TAP_N + 1)) # SKIP the en_US.UTF-8 locale does not exist here (bootstrap makes it as root)"
fi

if has_locale zh_CN; then
    LC_ALL=zh_CN.UTF-8 "$REFUGE" --help >"$WORK/zh" 2>&1
    chinese "$WORK/zh" && grep -q '^命令：$' "$WORK/zh" &&
        grep -Eq '^  feed +列出帖子' "$WORK/zh" && ! grep -q 'open the explorer' "$WORK/zh"
    tap $? "LC_ALL=zh_CN.UTF-8: refuge --help in Chinese, the commands' summaries too"
    sed -n '1,3s/^/# /p' "$WORK/zh"

    LC_ALL=zh_CN.UTF-8 "$REFUGE" feed --help >"$WORK/zh-feed" 2>&1
    grep -q '^用法：refuge feed \[--search Q' "$WORK/zh-feed" && grep -q '^通用选项：' "$WORK/zh-feed"
    tap $? "LC_ALL=zh_CN.UTF-8: a command's --help in Chinese, its options as they are"

    LC_ALL=zh_CN.UTF-8 "$REFUGE" --interface en --help >"$WORK/zh-en" 2>&1
    english "$WORK/zh-en"
    tap $? "LC_ALL=zh_CN.UTF-8 with --interface en: English"

    printf '[ui]\ninterface = en\n' >"$WORK/en.ini"
    LC_ALL=zh_CN.UTF-8 "$REFUGE" --config "$WORK/en.ini" --db "$DB" tags --with rednote --top 1 >"$WORK/zh-ini" 2>&1
    grep -q 'posts carry it' "$WORK/zh-ini"
    tap $? "LC_ALL=zh_CN.UTF-8 with [ui] interface = en: a batch command speaks English"

    # What a script reads is the same in both languages.
    for format in csv jsonl; do
        LC_ALL=zh_CN.UTF-8 "$REFUGE" --db "$DB" feed --limit 3 --format "$format" >"$WORK/zh.$format" 2>&1
        LC_ALL=C.UTF-8 "$REFUGE" --interface en --db "$DB" feed --limit 3 --format "$format" >"$WORK/en.$format" 2>&1
        cmp -s "$WORK/zh.$format" "$WORK/en.$format"
        tap $? "feed --format $format: the same bytes in the Chinese and the English interface"
    done
    # Batch text and Markdown in Chinese, past the first screenful of rows.
    zh() { LC_ALL=zh_CN.UTF-8 "$REFUGE" --db "$DB" "$@"; }
    zh stats --from 2025-01-12 --to 2025-01-20 --top 30 >"$WORK/zh.stats" 2>&1
    grep -q '^根据缓存计算，范围：自 2025年1月12日 至 2025年1月20日$' "$WORK/zh.stats" &&
        grep -q '^每日帖子数（' "$WORK/zh.stats" && grep -q '^热门标签$' "$WORK/zh.stats" &&
        grep -q '^  2025-01-20 ' "$WORK/zh.stats" && ! grep -qi 'posts per\|top tags' "$WORK/zh.stats"
    tap $? "stats in Chinese: prose dates in the sentence, ISO dates in the rows, Chinese headings"
    sed -n '1,2s/^/# /p' "$WORK/zh.stats"
    zh stats --top 3 --format md >"$WORK/zh.md" 2>&1
    grep -q '^## 缓存中的帖子$' "$WORK/zh.md" && grep -q '^| 帖子 | 中文 | 英文 | 点赞 |$' "$WORK/zh.md" &&
        grep -q '^## 报道中的数字及其来源$' "$WORK/zh.md" && grep -q '^### 2025年1月14日$' "$WORK/zh.md"
    tap $? "stats --format md in Chinese: headings, table heads, a day heading as prose"
    zh figures >"$WORK/zh.figures" 2>&1
    grep -q '万' "$WORK/zh.figures" && grep -q '可信度：高$' "$WORK/zh.figures" &&
        ! grep -q 'confidence\|as of' "$WORK/zh.figures"
    tap $? "figures in Chinese: large counts in 万, the confidence in Chinese"
    grep -m 3 '万' "$WORK/zh.figures" | sed 's/^/# /'
    # Headings over numbers keep their columns: the text layer measures them.
    zh authors --top 40 >"$WORK/zh.authors" 2>&1
    LC_ALL=C.UTF-8 "$REFUGE" --db "$DB" authors --top 40 >"$WORK/en.authors" 2>&1
    [ "$(wc -l <"$WORK/zh.authors")" -eq "$(wc -l <"$WORK/en.authors")" ] &&
        [ "$(wc -l <"$WORK/zh.authors")" -gt 40 ] &&
        sed -n 2p "$WORK/zh.authors" | grep -q '^   帖子     评论         点赞 首次出现   最后出现    平台:键' &&
        [ "$(sed -n 3,42p "$WORK/zh.authors" | cut -c1-40)" = "$(sed -n 3,42p "$WORK/en.authors" | cut -c1-40)" ]
    tap $? "authors in Chinese: 40 rows as in English, under headings of the same widths"
    zh tags --with rednote --top 3 >"$WORK/zh.tags" 2>&1
    grep -q '^#rednote：共 [0-9]* 条帖子带有该标签（根据缓存计算）；这些帖子上的其他标签：$' "$WORK/zh.tags" &&
        sed -n 2p "$WORK/zh.tags" | grep -q '^      帖子    比例  标签$'
    tap $? "tags in Chinese: one whole sentence, the count inside it, aligned headings"
    zh feed --sort newest >"$WORK/zh.err" 2>&1
    [ $? -eq 2 ] && grep -q '^refuge: feed：--sort：应为 time 或 likes$' "$WORK/zh.err" &&
        grep -q '^请运行“refuge --help”了解更多信息。$' "$WORK/zh.err"
    tap $? "a usage error in Chinese, the option names and values as typed"
    printf '{"id": 1}\n' >"$WORK/bad.jsonl"
    LC_ALL=zh_CN.UTF-8 REFUGE_NO_BUNDLE=1 "$REFUGE" --db "$WORK/other.db" import "$WORK/bad.jsonl" >"$WORK/zh.import" 2>&1
    grep -q 'bad.jsonl:1: ' "$WORK/zh.import" && grep -q '缺少必需字段' "$WORK/zh.import"
    tap $? "an importer's diagnostic in Chinese keeps FILE:LINE"
    sed -n '1,3s/^/# /p' "$WORK/zh.import"

    LC_ALL=zh_CN.UTF-8 "$REFUGE" --db "$DB" config >"$WORK/zh.config" 2>&1
    grep -q '^interface = auto  ; 内置默认值$' "$WORK/zh.config"
    tap $? "refuge config: setting names and values are not translated"
else
    echo "ok $((TAP_N = TAP_N + 1)) # SKIP the zh_CN.UTF-8 locale does not exist here (bootstrap makes it as root)"
fi

finish
