from nghiquyet.manage import main

main()
