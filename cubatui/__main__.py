from cubatui.cli import main

raise SystemExit(main())
