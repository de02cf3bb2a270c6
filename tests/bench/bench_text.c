/* bench_text.c — throughput of the text layer on 1 MB inputs.
 *
 * Build and run with `make tests/bench/bench_text && tests/bench/bench_text`.
 * Reports MB/s of CPU time (best of five runs), so a busy machine skews it
 * less than wall-clock time would. The inputs are synthetic: a mixed
 * Chinese/English/emoji post with paragraphs, the same as one paragraph,
 * and hostile floods that would expose quadratic behaviour. */
#include "autoconfig.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "text.h"

enum { SIZE = 1 << 20, RUNS = 5 };

static double cpu_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Fills buf with copies of piece up to SIZE bytes, on whole copies. */
static size_t fill(char *buf, const char *piece)
{
    size_t n = strlen(piece), len = 0;
    while (len + n <= SIZE) {
        memcpy(buf + len, piece, n);
        len += n;
    }
    return len;
}

static volatile size_t sink;

enum op { SANITIZE, WIDTH, WRAP, FIT, ASCII };
static const char *const op_names[] = {"sanitize", "width", "wrap80", "fit-lines", "ascii"};

static void run_once(enum op op, const char *s, size_t len, const struct text_span *spans,
                     size_t nspans)
{
    char *out;

    switch (op) {
    case SANITIZE:
        out = text_sanitize(s, len, TEXT_KEEP_NEWLINES);
        sink += out ? strlen(out) : 0;
        free(out);
        break;
    case WIDTH:
        sink += (size_t)text_width(s, len);
        break;
    case WRAP:
        sink += text_wrap(s, len, 80, NULL, 0);
        break;
    case FIT: /* drawing a wrapped post: fit each line into its row */
        for (size_t i = 0; i < nspans; i++)
            sink += text_fit(s + spans[i].offset, spans[i].length, 80).bytes;
        break;
    case ASCII:
        out = text_to_ascii(s, len);
        sink += out ? strlen(out) : 0;
        free(out);
        break;
    }
}

static void run(enum op op, const char *name, const char *s, size_t len)
{
    size_t nspans = text_wrap(s, len, 80, NULL, 0);
    struct text_span *spans = malloc((nspans ? nspans : 1) * sizeof *spans);
    double best = 1e9;

    if (!spans)
        return;
    text_wrap(s, len, 80, spans, nspans);
    for (int r = 0; r < RUNS; r++) {
        double t0 = cpu_seconds(), t;
        run_once(op, s, len, spans, nspans);
        t = cpu_seconds() - t0;
        if (t < best)
            best = t;
    }
    printf("%-9s %-20s %7.1f MB/s\n", op_names[op], name, (double)len / (1 << 20) / best);
    free(spans);
}

int main(void)
{
    char *post = malloc(SIZE), *para = malloc(SIZE), *marks = malloc(SIZE), *escapes = malloc(SIZE),
         *flags = malloc(SIZE);
    size_t post_len, para_len, marks_len, escapes_len, flags_len;
    char *clean_post, *clean_para, *clean_marks;

    if (!post || !para || !marks || !escapes || !flags)
        return 1;
    text_configure(TEXT_AMBIGUOUS_NARROW, false);
    post_len = fill(post, "TikTok refugees 涌入小红书，学中文、晒猫，和上海的网友聊天。"
                          "Hello from Ohio! I just learned 你好 and 谢谢 😀❤️ "
                          "https://www.xiaohongshu.com/explore/6784f0a2 #TikTokRefugee\n");
    para_len = fill(para, "TikTok refugees 涌入小红书，学中文、晒猫。Hello from Ohio! 😀 ");
    marks_len = fill(marks, "a\xcc\x81\xcc\x80\xcc\x82\xcc\x83\xcc\x84\xcc\x85\xcc\x86\xcc\x87"
                            "\xcc\x88\xcc\x89\xcc\x8a\xcc\x8b\xcc\x8c\xcc\x8d\xcc\x8e\xcc\x8f");
    escapes_len = fill(escapes, "\x1b]0;x\x1b[2J\xc2\x9b\x1bP");
    flags_len = fill(flags, "🇺");

    clean_post = text_sanitize(post, post_len, TEXT_KEEP_NEWLINES);
    clean_para = text_sanitize(para, para_len, TEXT_KEEP_NEWLINES);
    clean_marks = text_sanitize(marks, marks_len, TEXT_KEEP_NEWLINES);
    if (!clean_post || !clean_para || !clean_marks)
        return 1;

    printf("1 MB inputs, CPU time, best of %d\n", RUNS);
    run(SANITIZE, "mixed post", post, post_len);
    run(SANITIZE, "one paragraph", para, para_len);
    run(SANITIZE, "combining flood", marks, marks_len);
    run(SANITIZE, "escape flood", escapes, escapes_len);
    run(SANITIZE, "regional indicators", flags, flags_len);
    for (enum op op = WIDTH; op <= ASCII; op++) {
        run(op, "mixed post", clean_post, strlen(clean_post));
        run(op, "one paragraph", clean_para, strlen(clean_para));
        run(op, "combining flood", clean_marks, strlen(clean_marks));
        run(op, "regional indicators", flags, flags_len);
    }
    free(clean_post);
    free(clean_para);
    free(clean_marks);
    free(post);
    free(para);
    free(marks);
    free(escapes);
    free(flags);
    return 0;
}
