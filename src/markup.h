/* markup.h — what platforms write inside a text, made readable for display.
 *
 * The cache keeps texts as the files gave them; only display cleans them,
 * here, before the text layer makes them safe for the terminal:
 *
 *   Xiaohongshu  topics "#猫税[话题]#" read "#猫税"; its sticker codes
 *                "[笑哭R]" read "(笑哭)"; mentions "@名字" stay
 *   X            HTML entities (&amp; &lt; &gt; &quot; &#39; &#NNN; &#xHH;)
 *                read as the characters they stand for
 *
 * and a text's hashtags are found the same way, for posts whose file gave
 * no tag list. Nothing here allocates but markup_clean()'s result.
 */
#ifndef REFUGE_MARKUP_H
#define REFUGE_MARKUP_H

#include <stdbool.h>
#include <stddef.h>

/* The text of a post or comment of `platform` ("xiaohongshu", "x", ...)
 * with its markup made readable: a malloc'd string the caller frees, or
 * NULL when memory ran out. Other platforms' texts come back as they are. */
char *markup_clean(const char *platform, const char *text);

/* Calls fn for each hashtag of the text, in order (with repeats): its name
 * without '#' or the topic suffix, as name[0..len). fn returns false to
 * stop. */
typedef bool markup_tag_fn(void *data, const char *name, size_t len);
void markup_hashtags(const char *platform, const char *text, markup_tag_fn *fn, void *data);

#endif
