from dangvu.cli import main

raise SystemExit(main())
