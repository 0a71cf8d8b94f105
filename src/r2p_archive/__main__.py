from r2p_archive.cli import main

raise SystemExit(main())
