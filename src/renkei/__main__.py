from renkei.manage import main

main()
