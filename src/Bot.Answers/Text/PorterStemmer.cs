namespace Bot.Answers.Text;

/// <summary>
/// The original Porter (1980) stemming algorithm, the one SQLite's FTS5 <c>porter</c> tokenizer uses,
/// so words compared in memory (synonyms, coverage, typo vocabulary) reduce the same way as in the index.
/// Input must be lower-case; words that are not all ASCII letters, or shorter than three letters, are
/// returned unchanged. Thread-safe (no shared state).
/// </summary>
public static class PorterStemmer
{
    public static string Stem(string word)
    {
        ArgumentNullException.ThrowIfNull(word);
        if (word.Length < 3)
        {
            return word;
        }

        foreach (var c in word)
        {
            if (c is < 'a' or > 'z')
            {
                return word;
            }
        }

        Span<char> buffer = stackalloc char[word.Length];
        word.AsSpan().CopyTo(buffer);
        var w = new Word(buffer);
        w.Step1Ab();
        w.Step1C();
        w.Step2();
        w.Step3();
        w.Step4();
        w.Step5();
        return new string(buffer[..w.Length]);
    }

    private ref struct Word
    {
        private readonly Span<char> _b;

        public Word(Span<char> b)
        {
            _b = b;
            Length = b.Length;
        }

        public int Length { get; private set; }

        // j: end of the stem being examined (exclusive) when a suffix has matched.
        private int _j;

        private readonly bool IsConsonant(int i)
        {
            switch (_b[i])
            {
                case 'a':
                case 'e':
                case 'i':
                case 'o':
                case 'u':
                    return false;
                case 'y':
                    return i == 0 || !IsConsonant(i - 1);
                default:
                    return true;
            }
        }

        /// <summary>Measure of b[0.._j): the number of VC sequences.</summary>
        private readonly int Measure()
        {
            var n = 0;
            var i = 0;
            while (true)
            {
                if (i >= _j)
                {
                    return n;
                }

                if (!IsConsonant(i))
                {
                    break;
                }

                i++;
            }

            i++;
            while (true)
            {
                while (true)
                {
                    if (i >= _j)
                    {
                        return n;
                    }

                    if (IsConsonant(i))
                    {
                        break;
                    }

                    i++;
                }

                i++;
                n++;
                while (true)
                {
                    if (i >= _j)
                    {
                        return n;
                    }

                    if (!IsConsonant(i))
                    {
                        break;
                    }

                    i++;
                }

                i++;
            }
        }

        private readonly bool VowelInStem()
        {
            for (var i = 0; i < _j; i++)
            {
                if (!IsConsonant(i))
                {
                    return true;
                }
            }

            return false;
        }

        private readonly bool DoubleConsonant(int end)
        {
            // end: index of the last letter
            return end >= 1 && _b[end] == _b[end - 1] && IsConsonant(end);
        }

        /// <summary>cvc at i (last three letters), where the second c is not w, x or y.</summary>
        private readonly bool Cvc(int i)
        {
            if (i < 2 || !IsConsonant(i) || IsConsonant(i - 1) || !IsConsonant(i - 2))
            {
                return false;
            }

            var ch = _b[i];
            return ch is not ('w' or 'x' or 'y');
        }

        private bool Ends(string s)
        {
            var l = s.Length;
            if (l > Length)
            {
                return false;
            }

            if (!_b.Slice(Length - l, l).SequenceEqual(s.AsSpan()))
            {
                return false;
            }

            _j = Length - l;
            return true;
        }

        private void SetTo(string s)
        {
            s.AsSpan().CopyTo(_b[_j..]);
            Length = _j + s.Length;
        }

        private void ReplaceIfMeasured(string s)
        {
            if (Measure() > 0)
            {
                SetTo(s);
            }
        }

        public void Step1Ab()
        {
            if (_b[Length - 1] == 's')
            {
                if (Ends("sses"))
                {
                    Length -= 2;
                }
                else if (Ends("ies"))
                {
                    SetTo("i");
                }
                else if (Length >= 2 && _b[Length - 2] != 's')
                {
                    Length--;
                }
            }

            if (Ends("eed"))
            {
                if (Measure() > 0)
                {
                    Length--;
                }
            }
            else if ((Ends("ed") || Ends("ing")) && VowelInStem())
            {
                Length = _j;
                if (Ends("at"))
                {
                    SetTo("ate");
                }
                else if (Ends("bl"))
                {
                    SetTo("ble");
                }
                else if (Ends("iz"))
                {
                    SetTo("ize");
                }
                else if (DoubleConsonant(Length - 1))
                {
                    var ch = _b[Length - 1];
                    if (ch is not ('l' or 's' or 'z'))
                    {
                        Length--;
                    }
                }
                else
                {
                    _j = Length;
                    if (Measure() == 1 && Cvc(Length - 1))
                    {
                        SetTo("e");
                    }
                }
            }
        }

        public void Step1C()
        {
            if (Ends("y") && VowelInStem())
            {
                _b[Length - 1] = 'i';
            }
        }

        public void Step2()
        {
            if (Length < 3)
            {
                return;
            }

            switch (_b[Length - 2])
            {
                case 'a':
                    if (Ends("ational")) { ReplaceIfMeasured("ate"); break; }
                    if (Ends("tional")) { ReplaceIfMeasured("tion"); }
                    break;
                case 'c':
                    if (Ends("enci")) { ReplaceIfMeasured("ence"); break; }
                    if (Ends("anci")) { ReplaceIfMeasured("ance"); }
                    break;
                case 'e':
                    if (Ends("izer")) { ReplaceIfMeasured("ize"); }
                    break;
                case 'l':
                    if (Ends("bli")) { ReplaceIfMeasured("ble"); break; }
                    if (Ends("alli")) { ReplaceIfMeasured("al"); break; }
                    if (Ends("entli")) { ReplaceIfMeasured("ent"); break; }
                    if (Ends("eli")) { ReplaceIfMeasured("e"); break; }
                    if (Ends("ousli")) { ReplaceIfMeasured("ous"); }
                    break;
                case 'o':
                    if (Ends("ization")) { ReplaceIfMeasured("ize"); break; }
                    if (Ends("ation")) { ReplaceIfMeasured("ate"); break; }
                    if (Ends("ator")) { ReplaceIfMeasured("ate"); }
                    break;
                case 's':
                    if (Ends("alism")) { ReplaceIfMeasured("al"); break; }
                    if (Ends("iveness")) { ReplaceIfMeasured("ive"); break; }
                    if (Ends("fulness")) { ReplaceIfMeasured("ful"); break; }
                    if (Ends("ousness")) { ReplaceIfMeasured("ous"); }
                    break;
                case 't':
                    if (Ends("aliti")) { ReplaceIfMeasured("al"); break; }
                    if (Ends("iviti")) { ReplaceIfMeasured("ive"); break; }
                    if (Ends("biliti")) { ReplaceIfMeasured("ble"); }
                    break;
                case 'g':
                    if (Ends("logi")) { ReplaceIfMeasured("log"); }
                    break;
                default:
                    break;
            }
        }

        public void Step3()
        {
            switch (_b[Length - 1])
            {
                case 'e':
                    if (Ends("icate")) { ReplaceIfMeasured("ic"); break; }
                    if (Ends("ative")) { ReplaceIfMeasured(""); break; }
                    if (Ends("alize")) { ReplaceIfMeasured("al"); }
                    break;
                case 'i':
                    if (Ends("iciti")) { ReplaceIfMeasured("ic"); }
                    break;
                case 'l':
                    if (Ends("ical")) { ReplaceIfMeasured("ic"); break; }
                    if (Ends("ful")) { ReplaceIfMeasured(""); }
                    break;
                case 's':
                    if (Ends("ness")) { ReplaceIfMeasured(""); }
                    break;
                default:
                    break;
            }
        }

        public void Step4()
        {
            if (Length < 2)
            {
                return;
            }

            var matched = _b[Length - 2] switch
            {
                'a' => Ends("al"),
                'c' => Ends("ance") || Ends("ence"),
                'e' => Ends("er"),
                'i' => Ends("ic"),
                'l' => Ends("able") || Ends("ible"),
                'n' => Ends("ant") || Ends("ement") || Ends("ment") || Ends("ent"),
                'o' => (Ends("ion") && _j >= 1 && (_b[_j - 1] == 's' || _b[_j - 1] == 't')) || Ends("ou"),
                's' => Ends("ism"),
                't' => Ends("ate") || Ends("iti"),
                'u' => Ends("ous"),
                'v' => Ends("ive"),
                'z' => Ends("ize"),
                _ => false,
            };

            if (matched && Measure() > 1)
            {
                Length = _j;
            }
        }

        public void Step5()
        {
            _j = Length;
            if (_b[Length - 1] == 'e')
            {
                _j = Length - 1;
                var m = Measure();
                if (m > 1 || (m == 1 && !Cvc(Length - 2)))
                {
                    Length--;
                }
            }

            _j = Length;
            if (Length >= 2 && _b[Length - 1] == 'l' && DoubleConsonant(Length - 1) && Measure() > 1)
            {
                Length--;
            }
        }
    }
}
