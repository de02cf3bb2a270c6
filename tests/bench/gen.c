/* gen — a SYNTHETIC cache for benchmarks: posts, events and figures that
 * look like the real thing in size and mix, but are made up.
 *
 *   gen [--seed S] [--posts N] [--dir DIR] [--csv] [--zeeschuimer] [--comments M]
 *       [--db CACHE]
 *
 * Writes DIR/events.jsonl, DIR/figures.jsonl and DIR/posts.jsonl (and
 * DIR/posts.csv with --csv: the same posts; DIR/posts.ndjson with
 * --zeeschuimer: the same posts as a Zeeschuimer export of RedNote note
 * pages, one envelope a line, without their translations; DIR/comments.jsonl
 * with --comments: M comments under the first 100,000 posts, threaded, one
 * 10,000-comment thread per 100,000 comments, never imported by --db),
 * then with --db imports the
 * three JSON Lines files into a new cache at CACHE through the importer
 * refuge itself uses (import_run), records what it is in meta
 * ("synthetic" = the line `gen --describe` prints) and checkpoints the
 * write-ahead log. Prints the import's speed on stdout.
 *
 *   gen --describe [--seed S] [--posts N]
 *
 * prints that line alone, so a script can tell whether a cache it made
 * earlier is still what this generator makes.
 *
 * The same seed and N give the same bytes. Posts (ids "syn-SEED-I") are
 * Chinese or English (55:45), 20 to 500 characters (log-uniform: median
 * about 100), built from weighted phrase lists; a quarter carry a machine
 * translation. They have 0-4 tags, one of N/20 authors, heavy-tailed likes
 * and a time in the three months from 2024-12-15, half of them in the
 * week of 13-20 January 2025. A few phrases are planted at known rates so
 * that searches have common, rare and absent targets (see the table
 * `probes` below and BENCHMARKS.md). Events (400, 2020-2026) and figures
 * (120) are made up likewise, each with sources. */
#include "autoconfig.h"

#include <getopt.h>
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "db.h"
#include "import.h"

/* Bump when the output changes, so cached caches are made again. */
#define GEN_VERSION 2

/* ---- deterministic randomness (splitmix64) ------------------------------------ */

static uint64_t rng_state;

static uint64_t rnd(void)
{
    uint64_t z = (rng_state += 0x9e3779b97f4a7c15u);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    return z ^ (z >> 31);
}

/* Uniform in [0, 1). */
static double unif(void)
{
    return (double)(rnd() >> 11) * (1.0 / 9007199254740992.0);
}

static uint64_t below(uint64_t n)
{
    return n ? rnd() % n : 0;
}

/* ---- weighted phrase lists ------------------------------------------------------ */

/* Picks an index with weight 1/(rank+1) (Zipf), rank = index. `cum` holds
 * the running sums, made once per list. */
struct zipf {
    const char *const *items;
    size_t n;
    double *cum;
};

static void zipf_init(struct zipf *z, const char *const *items, size_t n)
{
    double sum = 0;

    z->items = items;
    z->n = n;
    z->cum = malloc(n * sizeof *z->cum);
    if (!z->cum) {
        perror("gen");
        exit(1);
    }
    for (size_t i = 0; i < n; i++)
        z->cum[i] = (sum += 1.0 / (double)(i + 1));
}

static size_t zipf_index(const struct zipf *z)
{
    double x = unif() * z->cum[z->n - 1];
    size_t lo = 0, hi = z->n - 1;

    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (z->cum[mid] > x)
            hi = mid;
        else
            lo = mid + 1;
    }
    return lo;
}

static const char *zipf_pick(const struct zipf *z)
{
    return z->items[zipf_index(z)];
}

/* Chinese phrases, most used first. None contains a probe's rare
 * characters (鲸, 熊, 螺, 鳄). */
static const char *const zh_words[] = {
    "小红书", "美国", "网友", "大家", "今天", "TikTok", "我们", "真的", "中国", "猫税",
    "难民", "欢迎", "评论区", "第一次", "这个", "好像", "朋友", "因为", "可以", "学中文",
    "一起", "视频", "外国人", "翻译", "哈哈哈", "交作业", "感觉", "已经", "没有", "还是",
    "禁令", "最高法院", "字节跳动", "下载", "注册", "账号", "抖音", "应用商店", "排行榜", "第一名",
    "英语", "中文", "老师", "作业", "猫咪", "小猫", "狗狗", "晚饭", "做饭", "菜谱",
    "火锅", "饺子", "奶茶", "早餐", "超市", "房租", "工资", "医保", "上班", "下班",
    "加班", "周末", "放假", "春节", "过年", "红包", "烟花", "家乡", "城市", "生活",
    "文化", "交流", "互相", "理解", "友好", "热情", "善良", "可爱", "有趣", "奇怪",
    "不一样", "一样", "其实", "原来", "终于", "突然", "居然", "确实", "当然", "也许",
    "北京", "上海", "广州", "深圳", "成都", "重庆", "杭州", "武汉", "西安", "南京",
    "纽约", "加州", "德州", "芝加哥", "西雅图", "波士顿", "洛杉矶", "迈阿密", "丹佛", "亚特兰大",
    "川普", "拜登", "国会", "法案", "听证会", "参议院", "总统", "行政令", "延期", "恢复",
    "下架", "停服", "上线", "回归", "消失", "刷屏", "热搜", "话题", "标签", "点赞",
    "收藏", "转发", "关注", "粉丝", "博主", "主页", "私信", "直播", "弹幕", "表情包",
    "梗", "段子", "笑死", "破防", "绝了", "离谱", "真香", "打卡", "种草", "拔草",
    "学校", "大学", "留学", "同学", "室友", "宿舍", "图书馆", "考试", "论文", "毕业",
    "工作", "公司", "老板", "同事", "面试", "简历", "实习", "创业", "副业", "打工",
    "天气", "下雪", "下雨", "太阳", "春天", "冬天", "晚上", "早上", "中午", "凌晨",
    "妈妈", "爸爸", "奶奶", "爷爷", "孩子", "女儿", "儿子", "姐姐", "哥哥", "弟弟",
    "音乐", "电影", "游戏", "小说", "动漫", "画画", "跳舞", "唱歌", "健身", "跑步",
};

/* English words, most used first (no probe's rare words: humpback,
 * xylophone). */
static const char *const en_words[] = {
    "the", "to", "and", "a", "I", "is", "RedNote", "of", "you", "it",
    "TikTok", "this", "in", "for", "so", "my", "on", "here", "cat tax", "cat",
    "refugee", "we", "are", "just", "all", "app", "people", "like", "really", "with",
    "Chinese", "American", "be", "have", "what", "everyone", "new", "ban", "now", "they",
    "was", "not", "but", "from", "kind", "welcome", "learning", "Mandarin", "friends", "hello",
    "day", "one", "how", "about", "can", "more", "time", "first", "community", "post",
    "comments", "video", "food", "recipe", "dinner", "dumplings", "hot", "pot", "noodles", "tea",
    "Supreme", "Court", "Congress", "law", "ruling", "hearing", "deadline", "divest", "ByteDance", "Xiaohongshu",
    "download", "store", "top", "chart", "account", "sign", "up", "translate", "button", "translation",
    "culture", "exchange", "honest", "curious", "funny", "wholesome", "wild", "amazing", "weird", "cute",
    "rent", "healthcare", "salary", "work", "weekend", "school", "college", "homework", "teacher", "class",
    "New", "York", "Texas", "California", "Chicago", "Seattle", "Ohio", "Florida", "Beijing", "Shanghai",
    "grandma", "mom", "dad", "kids", "dog", "kitten", "pets", "garden", "snow", "weather",
    "music", "movie", "game", "dance", "song", "meme", "memes", "emoji", "sticker", "livestream",
    "lol", "honestly", "literally", "actually", "finally", "suddenly", "apparently", "definitely", "maybe", "probably",
    "government", "privacy", "data", "security", "national", "executive", "order", "extension", "days", "back",
    "outage", "dark", "restored", "offline", "online", "servers", "update", "version", "feed", "algorithm",
    "creators", "influencer", "followers", "likes", "views", "viral", "trend", "hashtag", "tags", "profile",
    "coffee", "breakfast", "lunch", "snacks", "market", "cooking", "baking", "spicy", "sweet", "delicious",
    "winter", "spring", "morning", "night", "tonight", "tomorrow", "yesterday", "week", "month", "year",
};

static const char *const zh_punct[] = {"，", "，", "，", "。", "。", "！", "？", "～", "😂", "🐱"};
static const char *const en_punct[] = {",", ",", ".", ".", ".", "!", "?", " 😂", " 🐱", " lol"};

static const char *const tag_list[] = {
    "tiktokrefugee", "小红书", "cattax", "猫税", "rednote", "tiktokban", "xiaohongshu",
    "learnchinese", "学英语", "美国生活", "中美网友", "foodie", "美食", "日常", "留学生活",
    "refugee", "hello", "translation", "funny", "搞笑", "宠物", "pets", "recipe", "菜谱",
    "supremecourt", "最高法院", "news", "新闻", "culture", "文化交流", "vlog", "music",
    "study", "work", "学习", "工作", "travel", "旅行", "nyc", "beijing", "shanghai", "weekend",
    "selfie", "ootd", "穿搭", "makeup", "化妆", "fitness", "健身", "books", "读书", "art",
};

static const char *const zh_syllables[] = {
    "小", "大", "阿", "老", "鹿", "鱼", "糖", "桃", "橙", "月", "星", "云", "风", "雨",
    "叶", "花", "米", "豆", "乐", "安", "宁", "晨", "夏", "秋", "冬", "晴", "雪", "山",
};
static const char *const en_names[] = {
    "mia", "jake", "emma", "noah", "olivia", "liam", "ava", "ethan", "sophia", "mason",
    "chloe", "lucas", "ella", "logan", "grace", "ryan", "zoe", "tyler", "lily", "owen",
};
static const char *const publishers[] = {
    "Synthetic Times", "Example Daily", "Placeholder News", "Sample Wire", "Test Gazette",
    "合成日报", "示例新闻", "模拟通讯社",
};
static const char *const kinds[] = {
    "executive-order", "legislation", "court-ruling", "ban", "outage", "restoration",
    "hearing", "report", "platform", "migration", "deal",
};

/* Phrases planted at known rates, for searches with known answers. Rates
 * are per post; a planted phrase takes the place of a word at a random
 * point of the text. Their characters appear nowhere else. */
struct probe {
    const char *zh, *en; /* one of them planted, by the post's language */
    double rate;
};
static const struct probe probes[] = {
    {"大熊猫", "giant panda", 1.0 / 2000}, /* 熊猫 (2 chars) rare; "panda" */
    {"螺蛳粉", "snail noodles", 1.0 / 4000}, /* 螺蛳粉 rare, 3 chars */
    {"座头鲸", "humpback whale", 1.0 / 10000}, /* 鲸 rare, 1 char; "humpback" */
};

/* ---- text ------------------------------------------------------------------------- */

struct buf {
    char *s;
    size_t n, cap;
};

static void put(struct buf *b, const char *s, size_t len)
{
    if (b->n + len + 1 > b->cap) {
        size_t cap = (b->n + len + 1) * 2;
        char *p = realloc(b->s, cap);
        if (!p) {
            perror("gen");
            exit(1);
        }
        b->s = p;
        b->cap = cap;
    }
    memcpy(b->s + b->n, s, len);
    b->n += len;
    b->s[b->n] = '\0';
}

static void puts_(struct buf *b, const char *s)
{
    put(b, s, strlen(s));
}

static void putf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void putf(struct buf *b, const char *fmt, ...)
{
    char tmp[512];
    va_list ap;
    int k;

    va_start(ap, fmt);
    k = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (k > 0)
        put(b, tmp, (size_t)k < sizeof tmp ? (size_t)k : sizeof tmp - 1);
}

/* Code points in a UTF-8 string. */
static size_t chars(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xc0) != 0x80;
    return n;
}

static struct zipf zh_zipf, en_zipf, tag_zipf;

/* A text of about `target` characters in `lang`, with the planted phrases
 * of probes[] at their rates when `plant`. */
static void make_text(struct buf *b, bool zh, size_t target, bool plant)
{
    enum { NPROBES = sizeof probes / sizeof probes[0] };
    size_t len = 0, since_punct = 0, sentence = 6 + below(10), at[NPROBES];
    bool sentence_start = true, planted[NPROBES];

    /* Each planted phrase goes in at a random place in the text. */
    for (size_t i = 0; i < NPROBES; i++) {
        planted[i] = !(plant && unif() < probes[i].rate);
        at[i] = (size_t)below(target);
    }
    b->n = 0;
    put(b, "", 0);
    while (len < target) {
        const char *w = zipf_pick(zh ? &zh_zipf : &en_zipf);
        for (size_t i = 0; i < NPROBES; i++)
            if (!planted[i] && len >= at[i]) {
                w = zh ? probes[i].zh : probes[i].en;
                planted[i] = true;
                break;
            }
        if (!zh && !sentence_start)
            puts_(b, " "), len++;
        if (!zh && sentence_start && w[0] >= 'a' && w[0] <= 'z') {
            char cap[64];
            snprintf(cap, sizeof cap, "%s", w);
            cap[0] = (char)(cap[0] - 32);
            puts_(b, cap);
        } else {
            puts_(b, w);
        }
        len += chars(w);
        sentence_start = false;
        if (++since_punct >= sentence) {
            const char *p = zh ? zh_punct[below(10)] : en_punct[below(10)];
            puts_(b, p);
            len += chars(p);
            since_punct = 0;
            sentence = 4 + below(12);
            sentence_start = !zh && (p[0] == '.' || p[0] == '!' || p[0] == '?');
            /* Now and then a paragraph break. */
            if (len + 20 < target && below(12) == 0) {
                puts_(b, "\n\n");
                len += 2;
                sentence_start = true;
            } else if (!zh && sentence_start) {
                /* the next word's space comes from the loop */
            }
        }
    }
}

/* JSON string body: quotes, backslashes and controls escaped. */
static void json_str(struct buf *out, const char *s)
{
    put(out, "\"", 1);
    for (const char *p = s; *p; p++) {
        unsigned char c = (unsigned char)*p;
        if (c == '"' || c == '\\') {
            char e[2] = {'\\', (char)c};
            put(out, e, 2);
        } else if (c == '\n') {
            put(out, "\\n", 2);
        } else if (c < 0x20) {
            putf(out, "\\u%04x", c);
        } else {
            put(out, p, 1);
        }
    }
    put(out, "\"", 1);
}

/* CSV field: always quoted, quotes doubled. */
static void csv_str(struct buf *out, const char *s)
{
    put(out, "\"", 1);
    for (const char *p = s; *p; p++) {
        if (*p == '"')
            put(out, "\"", 1);
        put(out, p, 1);
    }
    put(out, "\"", 1);
}

static void iso_time(char *buf, size_t size, int64_t ts, int offset_min)
{
    time_t local = (time_t)(ts + offset_min * 60);
    struct tm tm;
    int off = offset_min < 0 ? -offset_min : offset_min;

    gmtime_r(&local, &tm);
    snprintf(buf, size, "%04d-%02d-%02dT%02d:%02d:%02d%c%02d:%02d", tm.tm_year + 1900,
             tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
             offset_min < 0 ? '-' : '+', off / 60, off % 60);
}

/* ---- posts ------------------------------------------------------------------------- */

#define T_START 1734220800 /* 2024-12-15T00:00Z */
#define T_DAYS 90
#define SPIKE_START 1736726400 /* 2025-01-13T00:00Z */
#define SPIKE_DAYS 7

struct post {
    char id[48], platform[16], author[64], region[3], time[80], url[96];
    const char *lang;
    struct buf text, translation;
    bool has_translation;
    int64_t likes, comments, collects, shares, ts;
    const char *tags[4];
    int ntags;
};

static void make_post(struct post *p, uint64_t seed, uint64_t i, uint64_t nposts)
{
    bool zh = unif() < 0.55;
    double r = unif();
    uint64_t nauthors = nposts / 20 < 100 ? 100 : nposts / 20, a;
    size_t target = (size_t)(20.0 * exp(unif() * log(500.0 / 20.0)));
    int64_t ts;
    int offset;

    snprintf(p->id, sizeof p->id, "syn-%" PRIu64 "-%" PRIu64, seed, i);
    snprintf(p->platform, sizeof p->platform, "%s",
             r < 0.90 ? "xiaohongshu" : r < 0.97 ? "tiktok" : "lemon8");
    p->lang = zh ? "zh" : "en";
    /* Authors: a heavy head of prolific posters and a long tail. */
    a = (uint64_t)((double)nauthors * pow(unif(), 3.0));
    if (zh)
        snprintf(p->author, sizeof p->author, "%s%s%" PRIu64, zh_syllables[a % 28],
                 zh_syllables[(a / 28) % 28], a);
    else
        snprintf(p->author, sizeof p->author, "%s_%" PRIu64, en_names[a % 20], a);
    snprintf(p->region, sizeof p->region, "%s",
             zh ? (unif() < 0.85 ? "CN" : "US") : (unif() < 0.8 ? "US" : "CA"));
    if (unif() < 0.5)
        ts = SPIKE_START + (int64_t)below(SPIKE_DAYS * 86400);
    else
        ts = T_START + (int64_t)below(T_DAYS * 86400);
    offset = zh ? 480 : (unif() < 0.6 ? -300 : -480);
    iso_time(p->time, sizeof p->time, ts, offset);
    p->ts = ts;
    make_text(&p->text, zh, target, true);
    p->has_translation = unif() < 0.25;
    if (p->has_translation)
        make_text(&p->translation, !zh, zh ? target * 2 : target / 2 + 10, false);
    /* Likes: heavy-tailed, most posts a handful, a few tens of thousands. */
    p->likes = (int64_t)exp(unif() * unif() * 11.0) - 1;
    p->comments = p->likes / (3 + (int64_t)below(20));
    p->collects = p->likes / (2 + (int64_t)below(10));
    p->shares = p->likes / (10 + (int64_t)below(50));
    p->ntags = (int)below(5);
    for (int k = 0; k < p->ntags; k++)
        p->tags[k] = zipf_pick(&tag_zipf);
    /* Drop repeated tags (the importer would too). */
    for (int k = 1; k < p->ntags; k++)
        for (int j = 0; j < k; j++)
            if (strcmp(p->tags[k], p->tags[j]) == 0) {
                p->tags[k--] = p->tags[--p->ntags];
                break;
            }
    if (unif() < 0.5)
        snprintf(p->url, sizeof p->url, "https://www.example.com/synthetic/%016" PRIx64, rnd());
    else
        p->url[0] = '\0';
}

static void post_jsonl(struct buf *o, const struct post *p)
{
    o->n = 0;
    putf(o, "{\"id\":\"%s\",\"platform\":\"%s\",\"author\":", p->id, p->platform);
    json_str(o, p->author);
    putf(o, ",\"region\":\"%s\",\"lang\":\"%s\",\"time\":\"%s\",\"text\":", p->region, p->lang,
         p->time);
    json_str(o, p->text.s);
    if (p->has_translation) {
        puts_(o, ",\"translation\":");
        json_str(o, p->translation.s);
        puts_(o, ",\"translation_kind\":\"machine\"");
    }
    putf(o, ",\"likes\":%" PRId64 ",\"comments\":%" PRId64 ",\"collects\":%" PRId64
            ",\"shares\":%" PRId64 ",\"tags\":[",
         p->likes, p->comments, p->collects, p->shares);
    for (int k = 0; k < p->ntags; k++) {
        if (k)
            puts_(o, ",");
        json_str(o, p->tags[k]);
    }
    puts_(o, "]");
    if (p->url[0])
        putf(o, ",\"url\":\"%s\"", p->url);
    puts_(o, "}\n");
}

/* A user id for an author name (FNV-1a): the same name, the same id. */
static uint64_t author_key(const char *name)
{
    uint64_t h = 0xcbf29ce484222325u;
    for (; *name; name++)
        h = (h ^ (unsigned char)*name) * 0x100000001b3u;
    return h;
}

/* The post as Zeeschuimer captures a RedNote note page (the API shape with
 * a note_card): the envelope, an ObjectId made of its time and number, the
 * text as title and desc, counts as the app prints them, a tag list, an
 * image, the region as a place name. */
static void post_zeeschuimer(struct buf *o, const struct post *p, uint64_t i, int64_t ts)
{
    static const char *const places[] = {"CN", "广东", "US", "美国", "CA", "加拿大"};
    const char *place = "上海";
    char title[64];
    size_t tl = 0;

    for (size_t k = 0; k < sizeof places / sizeof places[0]; k += 2)
        if (strcmp(p->region, places[k]) == 0)
            place = places[k + 1];
    /* The title: the text's first 18 bytes, cut at a character. */
    while (p->text.s[tl] && tl < 18)
        tl++;
    while (tl && (p->text.s[tl] & 0xc0) == 0x80)
        tl--;
    snprintf(title, sizeof title, "%.*s", (int)tl, p->text.s);
    o->n = 0;
    putf(o, "{\"id\": %" PRIu64 ", \"nav_index\": \"1737252000:1:%" PRIu64 "\", ", i, i);
    putf(o, "\"item_id\": \"%08" PRIx64 "0000000001%06" PRIx64 "\", ", (uint64_t)ts,
         i & 0xffffff);
    puts_(o, "\"timestamp_collected\": 1737252000000, \"last_updated\": 1737252000000, "
             "\"source_platform\": \"xiaohongshu.com\", \"source_platform_url\": "
             "\"https://www.xiaohongshu.com/search_result?keyword=%E7%8C%AB%E7%A8%8E\", "
             "\"source_url\": \"https://edith.xiaohongshu.com/api/sns/web/v1/feed\", "
             "\"user_agent\": \"Mozilla/5.0 (X11; Linux x86_64; rv:134.0) Gecko/20100101 "
             "Firefox/134.0\", ");
    putf(o, "\"data\": {\"id\": \"%08" PRIx64 "0000000001%06" PRIx64 "\", ", (uint64_t)ts,
         i & 0xffffff);
    puts_(o, "\"model_type\": \"note\", \"xsec_token\": \"XSEC_SYNTH\", \"note_card\": "
             "{\"type\": \"normal\", \"title\": ");
    json_str(o, title);
    puts_(o, ", \"desc\": ");
    json_str(o, p->text.s);
    putf(o, ", \"time\": %" PRId64 "000, \"last_update_time\": %" PRId64 "000, "
            "\"ip_location\": \"%s\", \"user\": {\"user_id\": \"%024" PRIx64 "\", "
            "\"nickname\": ",
         ts, ts, place, author_key(p->author));
    json_str(o, p->author);
    putf(o, ", \"avatar\": \"https://avatar.example.invalid/a.jpg\"}, \"interact_info\": "
            "{\"liked_count\": \"%" PRId64 "\", \"collected_count\": \"%" PRId64 "\", "
            "\"comment_count\": \"%" PRId64 "\", \"share_count\": \"%" PRId64 "\"}, "
            "\"tag_list\": [",
         p->likes, p->collects, p->comments, p->shares);
    for (int k = 0; k < p->ntags; k++) {
        puts_(o, k ? ", {\"id\": \"t\", \"name\": " : "{\"id\": \"t\", \"name\": ");
        json_str(o, p->tags[k]);
        puts_(o, ", \"type\": \"topic\"}");
    }
    putf(o, "], \"image_list\": [{\"url_default\": \"https://img.example.invalid/xhs/%" PRIu64
            ".jpg\", \"info_list\": []}]}}}\n",
         i);
}

static const char csv_header[] = "id,platform,author,region,lang,time,text,translation,"
                                 "translation_kind,likes,comments,collects,shares,tags,url\n";

static void post_csv(struct buf *o, const struct post *p)
{
    o->n = 0;
    putf(o, "%s,%s,", p->id, p->platform);
    csv_str(o, p->author);
    putf(o, ",%s,%s,%s,", p->region, p->lang, p->time);
    csv_str(o, p->text.s);
    puts_(o, ",");
    if (p->has_translation) {
        csv_str(o, p->translation.s);
        puts_(o, ",machine");
    } else {
        puts_(o, ",");
    }
    putf(o, ",%" PRId64 ",%" PRId64 ",%" PRId64 ",%" PRId64 ",\"", p->likes, p->comments,
         p->collects, p->shares);
    for (int k = 0; k < p->ntags; k++)
        putf(o, "%s%s", k ? "," : "", p->tags[k]);
    putf(o, "\",%s\n", p->url);
}

/* ---- events and figures -------------------------------------------------------------- */

#define NEVENTS 400
#define NFIGURES 120
#define E_START 1596240000 /* 2020-08-01 */
#define E_DAYS 2000

static void sources_json(struct buf *o, int n)
{
    puts_(o, ",\"sources\":[");
    for (int k = 0; k < n; k++) {
        uint64_t id = below(100000);
        putf(o, "%s{\"publisher\":\"%s\",\"title\":\"Synthetic report %" PRIu64 "\","
                "\"url\":\"https://www.example.com/report/%" PRIu64 "\"}",
             k ? "," : "", publishers[below(8)], id, id);
    }
    puts_(o, "]");
}

static void day_string(char *buf, size_t size, int64_t ts)
{
    time_t t = (time_t)ts;
    struct tm tm;

    gmtime_r(&t, &tm);
    snprintf(buf, size, "%04d-%02d-%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

static void event_jsonl(struct buf *o, struct buf *scratch, int i)
{
    char date[40];
    static const char *const conf[] = {"high", "high", "medium", "low"};

    day_string(date, sizeof date, E_START + (int64_t)below(E_DAYS) * 86400);
    o->n = 0;
    putf(o, "{\"id\":\"syn-event-%04d\",\"date\":\"%s\",\"kind\":\"%s\",\"title_en\":", i, date,
         kinds[below(11)]);
    make_text(scratch, false, 30 + below(50), false);
    json_str(o, scratch->s);
    puts_(o, ",\"title_zh\":");
    make_text(scratch, true, 12 + below(20), false);
    json_str(o, scratch->s);
    puts_(o, ",\"summary_en\":");
    make_text(scratch, false, 200 + below(400), false);
    json_str(o, scratch->s);
    puts_(o, ",\"summary_zh\":");
    make_text(scratch, true, 80 + below(200), false);
    json_str(o, scratch->s);
    putf(o, ",\"confidence\":\"%s\",\"importance\":%d", conf[below(4)], 1 + (int)below(3));
    sources_json(o, 1 + (int)below(3));
    puts_(o, "}\n");
}

static void figure_jsonl(struct buf *o, int i)
{
    static const char *const series[] = {"hashtag:tiktokrefugee:notes", "app:rednote:downloads",
                                         "app:tiktok:us-users", "survey:support-ban:percent"};
    static const char *const units[] = {"notes", "downloads", "users", "percent"};
    char date[40];
    size_t s = below(4);

    day_string(date, sizeof date, E_START + (int64_t)below(E_DAYS) * 86400);
    o->n = 0;
    putf(o, "{\"id\":\"syn-figure-%04d\",\"series\":\"%s\",\"label_en\":\"Synthetic figure %d\","
            "\"label_zh\":\"合成数据 %d\",\"value\":%" PRIu64 ",\"unit\":\"%s\",\"as_of\":\"%s\","
            "\"confidence\":\"medium\"",
         i, series[s], i, i, s == 3 ? below(100) : below(200000000), units[s], date);
    sources_json(o, 1 + (int)below(2));
    puts_(o, "}\n");
}

/* ---- files and the cache ------------------------------------------------------------- */

static FILE *open_out(const char *dir, const char *name, char *path, size_t size)
{
    FILE *fp;

    snprintf(path, size, "%s/%s", dir, name);
    if (!(fp = fopen(path, "w"))) {
        perror(path);
        exit(1);
    }
    return fp;
}

static void close_out(FILE *fp, const char *path)
{
    if (ferror(fp) || fclose(fp) != 0) {
        perror(path);
        exit(1);
    }
}

static double now_s(void)
{
    struct timespec t;

    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static void describe(char *buf, size_t size, uint64_t seed, uint64_t n)
{
    snprintf(buf, size,
             "SYNTHETIC benchmark data (not real posts): tests/bench/gen v%d seed=%" PRIu64
             " posts=%" PRIu64 " events=%d figures=%d",
             GEN_VERSION, seed, n, NEVENTS, NFIGURES);
}

/* ---- comments (--comments M) ------------------------------------------------------- */

/* Posts comments go under: at most this many, the first of the file. */
#define COMMENT_HOSTS 100000
/* The length of a long thread, given to one post per 100,000 comments
 * (at most ten posts): what the explorer must open in 50 ms. */
#define LONG_THREAD 10000

/* What a comment needs of its post. */
struct host {
    char platform[16];
    int64_t ts;
};

/* M comments under the first hosts posts, in post order: the long threads
 * first, the rest spread with random weights; 40% reply to an earlier
 * comment of the same post (so replies nest), the others are top-level.
 * Their own random stream (seeded from S), so the posts stay the same. */
static void write_comments(FILE *fp, uint64_t seed, uint64_t m, const struct host *hosts,
                           uint64_t nhosts)
{
    uint64_t nlong = m / 100000 < 10 ? m / 100000 : 10, rest, placed = 0;
    double *weight = calloc(nhosts, sizeof *weight), total = 0;
    struct buf line = {0}, text = {0};

    if (!weight || nhosts == 0)
        exit(1);
    if (nlong > nhosts)
        nlong = nhosts;
    rest = m - nlong * LONG_THREAD;
    rng_state = seed * 0x9e3779b97f4a7c15u + 7;
    for (uint64_t j = nlong; j < nhosts; j++)
        total += weight[j] = exp(unif() * 3.0);
    for (uint64_t j = 0; j < nhosts; j++) {
        uint64_t count;
        if (j < nlong)
            count = LONG_THREAD;
        else if (j == nhosts - 1)
            count = rest > placed ? rest - placed : 0;
        else
            count = (uint64_t)((double)rest * weight[j] / total);
        if (j >= nlong)
            placed += count;
        for (uint64_t k = 0; k < count; k++) {
            bool zh = unif() < 0.55;
            line.n = 0;
            putf(&line,
                 "{\"id\":\"syn-%" PRIu64 "-c%" PRIu64 "-%" PRIu64 "\",\"platform\":\"%s\","
                 "\"post\":\"syn-%" PRIu64 "-%" PRIu64 "\"",
                 seed, j + 1, k, hosts[j].platform, seed, j + 1);
            if (k > 0 && unif() < 0.4)
                putf(&line, ",\"parent\":\"syn-%" PRIu64 "-c%" PRIu64 "-%" PRIu64 "\"", seed, j + 1,
                     below(k));
            putf(&line, ",\"author\":\"%s_%" PRIu64 "\",\"lang\":\"%s\",\"time\":%" PRId64,
                 en_names[below(20)], below(50000), zh ? "zh" : "en",
                 hosts[j].ts + 60 + (int64_t)below(7 * 86400));
            make_text(&text, zh, 8 + (size_t)(exp(unif() * 4.0)), false);
            puts_(&line, ",\"text\":");
            json_str(&line, text.s);
            putf(&line, ",\"likes\":%" PRId64 "}\n", (int64_t)exp(unif() * unif() * 8.0) - 1);
            fwrite(line.s, 1, line.n, fp);
        }
    }
    free(weight);
    free(line.s);
    free(text.s);
}

static int make_cache(const char *db_path, const char *dir, const char *what)
{
    static const char *const names[] = {"events.jsonl", "figures.jsonl", "posts.jsonl"};
    struct import_input in[3];
    struct import_options opts = {.format = IMPORT_JSONL};
    struct import_result res;
    struct rf_error err = {{0}};
    char paths[3][4096], wal[4200];
    struct db *db;
    double t0, t;

    unlink(db_path);
    snprintf(wal, sizeof wal, "%s-wal", db_path);
    unlink(wal);
    snprintf(wal, sizeof wal, "%s-shm", db_path);
    unlink(wal);
    if (db_open(db_path, &db, &err) != 0) {
        fprintf(stderr, "gen: %s\n", err.msg);
        return -1;
    }
    for (int i = 0; i < 3; i++) {
        snprintf(paths[i], sizeof paths[i], "%s/%s", dir, names[i]);
        in[i].name = paths[i];
        if (!(in[i].fp = fopen(paths[i], "r"))) {
            perror(paths[i]);
            return -1;
        }
    }
    t0 = now_s();
    if (import_run(db, in, 3, &opts, &res, &err) != 0) {
        fprintf(stderr, "gen: %s\n", err.msg);
        return -1;
    }
    t = now_s() - t0;
    for (int i = 0; i < 3; i++)
        fclose(in[i].fp);
    printf("imported %" PRId64 " posts, %" PRId64 " events, %" PRId64 " figures in %.2f s"
           " (%.0f posts/s)\n",
           res.posts, res.events, res.figures, t, (double)res.posts / t);
    if (db_meta_set(db, "synthetic", what, &err) != 0) {
        fprintf(stderr, "gen: %s\n", err.msg);
        return -1;
    }
    /* Leave one file: readers then start without a large log to index. */
    sqlite3_exec(db_sql(db), "PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL, NULL);
    db_close(db);
    return 0;
}

static void usage(void)
{
    fprintf(stderr, "usage: gen [--seed S] [--posts N] [--dir DIR] [--csv] [--zeeschuimer] "
                    "[--comments M] [--db CACHE]\n"
                    "       gen --describe [--seed S] [--posts N]\n");
    exit(2);
}

int main(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"seed", required_argument, NULL, 's'}, {"posts", required_argument, NULL, 'n'},
        {"dir", required_argument, NULL, 'd'},  {"csv", no_argument, NULL, 'c'},
        {"db", required_argument, NULL, 'b'},   {"describe", no_argument, NULL, 'D'},
        {"zeeschuimer", no_argument, NULL, 'z'}, {"comments", required_argument, NULL, 'C'},
        {NULL, 0, NULL, 0}};
    uint64_t seed = 1, n = 10000, ncomments = 0;
    struct host *hosts = NULL;
    const char *dir = ".", *db_path = NULL;
    bool csv = false, zs = false, only_describe = false;
    char what[256], path[4096], csv_path[4096], zs_path[4096];
    struct buf line = {0}, scratch = {0};
    struct post p = {0};
    FILE *fp, *fc = NULL, *fz = NULL;
    double t0;
    int opt;

    while ((opt = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
        switch (opt) {
        case 's':
            seed = strtoull(optarg, NULL, 10);
            break;
        case 'n':
            n = strtoull(optarg, NULL, 10);
            break;
        case 'd':
            dir = optarg;
            break;
        case 'c':
            csv = true;
            break;
        case 'z':
            zs = true;
            break;
        case 'b':
            db_path = optarg;
            break;
        case 'D':
            only_describe = true;
            break;
        case 'C':
            ncomments = strtoull(optarg, NULL, 10);
            break;
        default:
            usage();
        }
    }
    if (optind != argc)
        usage();
    describe(what, sizeof what, seed, n);
    if (only_describe) {
        puts(what);
        return 0;
    }
    zipf_init(&zh_zipf, zh_words, sizeof zh_words / sizeof zh_words[0]);
    zipf_init(&en_zipf, en_words, sizeof en_words / sizeof en_words[0]);
    zipf_init(&tag_zipf, tag_list, sizeof tag_list / sizeof tag_list[0]);

    t0 = now_s();
    rng_state = seed * 0x100000001b3u + 1;
    fp = open_out(dir, "events.jsonl", path, sizeof path);
    for (int i = 1; i <= NEVENTS; i++) {
        event_jsonl(&line, &scratch, i);
        fwrite(line.s, 1, line.n, fp);
    }
    close_out(fp, path);
    fp = open_out(dir, "figures.jsonl", path, sizeof path);
    for (int i = 1; i <= NFIGURES; i++) {
        figure_jsonl(&line, i);
        fwrite(line.s, 1, line.n, fp);
    }
    close_out(fp, path);

    fp = open_out(dir, "posts.jsonl", path, sizeof path);
    if (csv) {
        fc = open_out(dir, "posts.csv", csv_path, sizeof csv_path);
        fputs(csv_header, fc);
    }
    if (zs)
        fz = open_out(dir, "posts.ndjson", zs_path, sizeof zs_path);
    if (ncomments && !(hosts = calloc(n < COMMENT_HOSTS ? n : COMMENT_HOSTS, sizeof *hosts)))
        return 1;
    for (uint64_t i = 1; i <= n; i++) {
        make_post(&p, seed, i, n);
        if (hosts && i <= COMMENT_HOSTS) {
            snprintf(hosts[i - 1].platform, sizeof hosts[i - 1].platform, "%s", p.platform);
            hosts[i - 1].ts = p.ts;
        }
        post_jsonl(&line, &p);
        fwrite(line.s, 1, line.n, fp);
        if (fc) {
            post_csv(&line, &p);
            fwrite(line.s, 1, line.n, fc);
        }
        if (fz) {
            post_zeeschuimer(&line, &p, i, p.ts);
            fwrite(line.s, 1, line.n, fz);
        }
    }
    if (fz)
        close_out(fz, zs_path);
    close_out(fp, path);
    if (fc)
        close_out(fc, csv_path);
    printf("generated %" PRIu64 " posts in %s in %.2f s\n", n, dir, now_s() - t0);
    if (hosts) {
        t0 = now_s();
        fp = open_out(dir, "comments.jsonl", path, sizeof path);
        write_comments(fp, seed, ncomments, hosts, n < COMMENT_HOSTS ? n : COMMENT_HOSTS);
        close_out(fp, path);
        free(hosts);
        printf("generated %" PRIu64 " comments in %s in %.2f s\n", ncomments, dir,
               now_s() - t0);
    }
    free(line.s);
    free(scratch.s);
    free(p.text.s);
    free(p.translation.s);
    if (db_path && make_cache(db_path, dir, what) != 0)
        return 1;
    return 0;
}
