#!/usr/bin/perl
# marks.pl — finds user-facing string literals that are not marked for
# translation.
#
#   perl marks.pl [--allow FILE] [--pending FILE] [--root DIR] [--fix] FILE...
#
# (--fix, for the one marking strings: wraps each finding in _(), or N_() in
# a table, in place. Review the diff: not every word is interface.)
#
# A literal is user-facing when it holds a word (two letters or more, once
# printf conversions, escapes, option names and a leading "command: " are
# taken out) and it
#   - is an argument of an output or message function (printf, fprintf,
#     fputs, puts, cli_warn, cli_usage_error, cli_runtime_error,
#     rf_error_set, config_warn, sink_warn, waddstr, mvwaddstr, wprintw,
#     mvwprintw, the panes' message and prompt, draw_str, an importer's
#     sink_skip reasons, and every function
#     declared with a printf format attribute; snprintf into a buffer named
#     why, reason, msg or err), at the top level of that argument (a ternary's
#     branches too; a literal passed to some other function inside it is
#     that function's business), or
#   - is assigned to a field that holds interface text (.help, .summary,
#     .label, .title, .caption, .hint, .heading, .description, .legend).
# It is marked when it sits inside _(), N_() or plural(). Each finding is
# printed as FILE:LINE: the literal, and the exit status is 1 if there is any.
#
# The allowlist (--allow) names literals that are not interface, one a line:
# FILE<TAB>LITERAL as written between the quotes (# starts a comment). The
# pending list (--pending) names files not yet marked; their findings are
# counted, not failed. Only perl-base (Essential in Debian) is needed.
use strict;
use warnings;

my (%allow, %pending, $root, $fix);
my @files;
while (@ARGV) {
    my $a = shift @ARGV;
    if ($a eq '--allow') { read_list(shift @ARGV, \%allow, 1) }
    elsif ($a eq '--pending') { read_list(shift @ARGV, \%pending, 0) }
    elsif ($a eq '--root') { $root = shift @ARGV }
    elsif ($a eq '--fix') { $fix = 1 }
    else { push @files, $a }
}

sub read_list {
    my ($path, $into, $pairs) = @_;
    open my $fh, '<', $path or die "marks.pl: cannot read $path: $!\n";
    while (my $line = <$fh>) {
        chomp $line;
        next if $line =~ /^\s*(#|$)/;
        if ($pairs) {
            my ($file, $lit) = split /\t/, $line, 2;
            die "marks.pl: $path:$.: expected FILE<TAB>LITERAL\n" unless defined $lit;
            $into->{"$file\t$lit"} = 0;
        } else {
            $line =~ s/\s+#.*//;
            $into->{$line} = 0;
        }
    }
}

# stdio and curses, and every function of ours declared with
# __attribute__((format(printf, ...))) but those that build SQL.
my %sinks = map { $_ => 1 } qw(
    printf fprintf dprintf vprintf vfprintf puts fputs
    addstr waddstr mvaddstr mvwaddstr addnstr waddnstr mvaddnstr mvwaddnstr
    printw wprintw mvprintw mvwprintw
    message prompt draw_str sink_skip sink_skip_n
);
my %not_sinks = map { $_ => 1 } qw(model_sql_add);
my %source;
for my $file (@files) {
    my $path = defined $root ? "$root/$file" : $file;
    open my $fh, '<', $path or die "marks.pl: cannot read $path: $!\n";
    local $/;
    $source{$file} = <$fh>;
    while ($source{$file} =~ /\b(\w+)\s*\([^;{}]*?\)\s*__attribute__\s*\(\(\s*format\s*\(\s*printf/g) {
        $sinks{$1} = 1 unless $not_sinks{$1};
    }
}
my $sinks = join '|', sort keys %sinks;
my $fields = join '|', qw(help summary label title caption hint heading description legend);

my ($found, $waiting) = (0, 0);

for my $file (grep { /\.c$/ } @files) {
    my $src = $source{$file};
    my $code = blank_comments($src);
    my @fixes;
    for my $hit (find_literals($code)) {
        my ($offset, $lit, $where, $end) = @$hit;
        next unless is_words($lit);
        my $key = "$file\t$lit";
        if (exists $allow{$key}) {
            $allow{$key}++;
            next;
        }
        my $line = 1 + (substr($src, 0, $offset) =~ tr/\n//);
        if (exists $pending{$file}) {
            $waiting++;
            $pending{$file}++;
            next;
        }
        print "$file:$line: unmarked string \"$lit\" ($where)\n";
        push @fixes, [$offset, $end, $where =~ /^\./ ? 'N_' : '_'];
        $found++;
    }
    if ($fix && @fixes) {
        for my $f (sort { $b->[0] <=> $a->[0] } @fixes) {
            my ($from, $to, $mark) = @$f;
            my $text = substr($src, $from, $to - $from);
            my $indent = ' ' x (length($mark) + 1);
            $text =~ s/\n([ \t]*)(?=")/\n$1$indent/g; # keep continued literals aligned
            substr($src, $from, $to - $from) = "$mark($text)";
        }
        my $path = defined $root ? "$root/$file" : $file;
        open my $out, '>', $path or die "marks.pl: cannot write $path: $!\n";
        print $out $src;
        close $out;
    }
}
# An allowlist entry that matches nothing has outlived its string.
for my $key (sort keys %allow) {
    next if $allow{$key};
    my ($file, $lit) = split /\t/, $key, 2;
    next unless grep { $_ eq $file } @files;
    print "$file: allowlisted \"$lit\" is not there any more (remove it from the list)\n";
    $found++;
}
for my $file (sort keys %pending) {
    print "# pending: $file ($pending{$file} unmarked)\n" if $pending{$file};
}
print "# $found unmarked, $waiting in pending files\n";
exit($found ? 1 : 0);

# Comments become spaces (newlines kept, so offsets and lines stay true);
# string and character literals are left as they are.
sub blank_comments {
    my ($s) = @_;
    my $out = '';
    pos($s) = 0;
    while (pos($s) < length $s) {
        if ($s =~ /\G("(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')/gc) { $out .= $1 }
        elsif ($s =~ /\G(\/\*.*?\*\/)/gcs) { (my $c = $1) =~ s/[^\n]/ /g; $out .= $c }
        elsif ($s =~ /\G(\/\/[^\n]*)/gc) { $out .= ' ' x length $1 }
        elsif ($s =~ /\G(#\s*include[^\n]*)/gc) { $out .= ' ' x length $1 }
        elsif ($s =~ /\G([^"'\/#]+|.)/gcs) { $out .= $1 }
    }
    return $out;
}

# Offset of the parenthesis that closes the one at $open.
sub closing {
    my ($s, $open) = @_;
    my $depth = 0;
    pos($s) = $open;
    while ($s =~ /\G("(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|[()]|[^"'()]+)/gc) {
        my $t = $1;
        if ($t eq '(') { $depth++ }
        elsif ($t eq ')') { return pos($s) - 1 if --$depth == 0 }
    }
    return length $s;
}

# The literals of $s[$from, $to) at the top level: not inside a call (a
# marked one or any other); inside plain parentheses and ternaries, yes.
sub top_literals {
    my ($s, $from, $to, $where, $out) = @_;
    pos($s) = $from;
    while (pos($s) < $to && $s =~ /\G("(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|([A-Za-z_]\w*)\s*\(|\(|[^"'(A-Za-z_]+|[A-Za-z_]\w*)/gc) {
        my ($t, $call) = ($1, $2);
        my $at = pos($s) - length $t;
        last if $at >= $to;
        if ($t =~ /^"/) {
            my $lit = substr($t, 1, -1);
            # adjacent literals are one string
            $lit .= $1 while $s =~ /\G\s*"((?:[^"\\\n]|\\.)*)"/gc;
            push @$out, [$at, $lit, $where, pos($s)];
        } elsif (defined $call) {
            # sizeof and casts are not calls that take the literal away
            my $close = closing($s, pos($s) - 1);
            if ($call eq 'sizeof') { next }
            pos($s) = $close + 1;
        }
    }
}

sub find_literals {
    my ($s) = @_;
    my @hits;
    # calls of the output and message functions
    while ($s =~ /\b($sinks)\s*\(/g) {
        my ($name, $open) = ($1, pos($s) - 1);
        my $close = closing($s, $open);
        top_literals($s, $open + 1, $close, "$name()", \@hits);
        pos($s) = $open + 1;
    }
    # snprintf into a message: a buffer named why, reason, msg or err
    while ($s =~ /\bv?snprintf\s*\(/g) {
        my $open = pos($s) - 1;
        my $close = closing($s, $open);
        my ($dest) = substr($s, $open + 1, $close - $open - 1) =~ /^\s*([^,]*)/;
        top_literals($s, $open + 1, $close, "snprintf() into a message", \@hits)
            if $dest =~ /\b(?:why|reason|msg|message|err)\b/;
        pos($s) = $open + 1;
    }
    # interface fields of static tables: .help = "..." (adjacent literals too)
    while ($s =~ /\.($fields)\s*=\s*/g) {
        my $field = $1;
        my ($at, $lit) = (pos($s), undef);
        while ($s =~ /\G\s*"((?:[^"\\\n]|\\.)*)"/gc) {
            $lit = defined $lit ? $lit . $1 : $1;
        }
        push @hits, [$at + (substr($s, $at) =~ /^(\s*)/)[0] =~ tr/\0-\377//, $lit, ".$field", pos($s)]
            if defined $lit;
        pos($s) = $at;
    }
    # a literal found twice (a sink's argument inside another's) counts once
    my %seen;
    return grep { !$seen{$_->[0]}++ } sort { $a->[0] <=> $b->[0] } @hits;
}

# True when the literal holds a word of the interface, once JSON keys
# ("likes":) and literals (null, true, false), printf conversions, escapes
# and terminal sequences are taken out; a CSV header (or its columns
# after a comma) has none.
sub is_words {
    my ($lit) = @_;
    $lit =~ s/\\"[A-Za-z_][\w.-]*\\"\s*://g;
    return 0 if $lit =~ /^(?:null|true|false)$/;
    # a CSV header line (RFC 4180 ends it with CRLF): column names, for scripts
    return 0 if $lit =~ /^,?[\w%]+(?:,[\w%]+)*(?:\\r\\n)?$/ && $lit =~ /,/;
    # option names and the command a message starts with are never
    # translated: "feed: --code-as: %s" holds no word of the interface
    $lit =~ s/(?<![\w-])--?[a-z][a-z0-9-]*//g;
    $lit =~ s/^(?:%s: )?[a-z]+: //;
    $lit =~ s/\\\\u[0-9A-Fa-f]{4}//g; # a JSON escape written out: "\\ufffd"
    $lit =~ s/\\(?:x[0-9A-Fa-f]+|[0-7]{1,3}|.)//g;
    $lit =~ s/%[-+ #0-9.*']*(?:hh|h|ll|l|L|z|j|t|PRId64|PRIu64)?[diouxXeEfFgGaAcspn%]//g;
    $lit =~ s/%"\s*PRI[du]64\s*"//g;
    return $lit =~ /[A-Za-z]{2,}/;
}
