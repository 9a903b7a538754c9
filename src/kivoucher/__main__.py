from kivoucher.cli import main

main()
